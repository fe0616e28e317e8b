// The Resources view's action channels: validate, then one line into ResourceActions.
import type { ResourceActionRequests } from '../../common/bridge/contract.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { DomainHandlers } from '../domain.js';
import { validateReplace, validateRef, validateRestart, validateScale, validateUndo } from '../validate.js';
import { ResourceActions } from './resource-actions.js';

export function resourceActionHandlers(admin: ApiClient, now?: () => Date): DomainHandlers<ResourceActionRequests> {
  const actions = new ResourceActions(admin, now);
  return {
    'resources:scale': (p) => {
      const { ref, replicas } = validateScale('resources:scale', p);
      return actions.scale(ref, replicas);
    },
    'resources:restart': (p) => actions.restart(validateRestart('resources:restart', p)),
    'resources:undo': (p) => {
      const { ref, toRevision } = validateUndo('resources:undo', p);
      return actions.undo(ref, toRevision);
    },
    'resources:yaml': (p) => actions.yaml(validateRef('resources:yaml', p)),
    'resources:replace': (p) => {
      const { ref, yaml } = validateReplace('resources:replace', p);
      return actions.replace(ref, yaml);
    },
  };
}
