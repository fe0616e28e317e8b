// The setup domain's handlers (see ../domain.ts): validate, then one line into SetupService.
import type { SetupRequests } from '../../common/bridge/setup.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { validateEmpty, validateStreamId } from '../validate.js';
import { LabSteps } from './lab-steps.js';
import { ProgressLog } from './progress-log.js';
import type { SetupContext } from './setup-context.js';
import { SetupService } from './setup-service.js';
import { validateChoice, validateMerge, validateNodeName, validateProbe } from './setup-validate.js';

/** a bridge built without the lab runtime (tests, a bare API server): no history, nothing to merge */
function bareContext(deps: BridgeDeps): SetupContext {
  return { steps: new LabSteps(new ProgressLog()), phase: () => 'running', dataDir: deps.dataDir ?? '', env: process.env };
}

export function setupHandlers(deps: BridgeDeps): DomainHandlers<SetupRequests> {
  return setupHandlersFor(new SetupService(deps.setup ?? bareContext(deps), () => ({ provider: deps.provider, apiServerUrl: deps.apiServerUrl })));
}

export function setupHandlersFor(setup: SetupService): DomainHandlers<SetupRequests> {
  return {
    'setup:state': (p) => {
      validateEmpty('setup:state', p);
      return Promise.resolve(setup.state());
    },
    'setup:watchProgress': (p, s) => {
      validateEmpty('setup:watchProgress', p);
      let watchId = '';
      const { steps, cancel } = setup.follow((step) => s.emit('setup:progress', { watchId, step }));
      watchId = s.own('p', cancel);
      return Promise.resolve({ watchId, steps });
    },
    'setup:unwatchProgress': (p, s) => Promise.resolve({ stopped: s.release(validateStreamId('setup:unwatchProgress', p, 'watchId', 'p')) }),
    'setup:accelerator': (p) => setup.accelerator(validateProbe('setup:accelerator', p)),
    'setup:start': (p) => setup.start(validateChoice('setup:start', p)),
    'setup:addNode': (p) => setup.addNode(validateNodeName('setup:addNode', p, false)),
    'setup:removeNode': async (p) => setup.removeNode(validateNodeName('setup:removeNode', p, true) as string),
    'setup:kubeconfigPreview': (p) => setup.kubeconfigPreview(validateMerge('setup:kubeconfigPreview', p, false).setCurrentContext),
    'setup:kubeconfigMerge': (p) => {
      const m = validateMerge('setup:kubeconfigMerge', p, true);
      return setup.kubeconfigMerge(m.setCurrentContext, m.baseDigest);
    },
  };
}
