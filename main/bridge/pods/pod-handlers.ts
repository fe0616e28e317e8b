// The pods domain's handlers: each validates its `unknown` params and delegates to the
// PodsService in one line (STYLE.md rule 5).
import type { PodRequests } from '../../common/bridge/pods.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { PodsService } from './pods-service.js';
import { validateExecClose, validateExecInput, validateExecOpen, validateExecResize } from './pod-validate.js';

export function podHandlers(deps: BridgeDeps): DomainHandlers<PodRequests> {
  const pods = new PodsService(deps);
  return {
    'pods:exec.open': (p, s) => Promise.resolve().then(() => pods.openExec(s, validateExecOpen('pods:exec.open', p))),
    'pods:exec.input': (p, s) => {
      const { streamId, data } = validateExecInput('pods:exec.input', p);
      return Promise.resolve((pods.exec(s, streamId).write(data), { ok: true as const }));
    },
    'pods:exec.resize': (p, s) => {
      const { streamId, cols, rows } = validateExecResize('pods:exec.resize', p);
      return Promise.resolve((pods.exec(s, streamId).resize(cols, rows), { ok: true as const }));
    },
    'pods:exec.close': (p, s) => Promise.resolve(pods.release(s, validateExecClose('pods:exec.close', p))),
  };
}
