// The trace domain's handlers (see ../domain.ts): the live trace of the Architecture view.
import type { TraceRequests } from '../../common/bridge/trace.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { Fields, validateStreamId } from '../validate.js';
import { TraceService } from './trace-service.js';

function validateStepId(channel: string, params: unknown): number {
  const f = new Fields(channel, params, ['id']);
  const v = f.record.id;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) f.add('id', v === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', v === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(v)}: must be a positive integer`);
  f.done();
  return v as number;
}

export function traceHandlers(deps: BridgeDeps): DomainHandlers<TraceRequests> {
  const service = new TraceService(deps);
  return {
    'trace:subscribe': async (p, s) => {
      new Fields('trace:subscribe', p, []).done();
      // the id first, so the first batch already carries it
      const held: { key?: string; released: boolean } = { released: false };
      const streamId = s.own('t', () => {
        held.released = true;
        if (held.key) service.unsubscribe(held.key);
      });
      const sub = await service
        .subscribe({
          steps: (steps) => s.emit('trace:steps', { streamId, steps }),
          health: (health) => s.emit('trace:health', { streamId, health }),
        })
        .catch((e: unknown) => {
          s.release(streamId);
          throw e;
        });
      held.key = sub.key;
      if (held.released) service.unsubscribe(sub.key);
      return { streamId, ...sub.snapshot };
    },
    'trace:unsubscribe': (p, s) => Promise.resolve({ stopped: s.release(validateStreamId('trace:unsubscribe', p, 'streamId', 't')) }),
    'trace:step': (p) => Promise.resolve(service.step(validateStepId('trace:step', p))),
  };
}
