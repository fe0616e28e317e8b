// The runtimes domain's handlers (see ../domain.ts): validate, then delegate to the service.
import type { RuntimeRequests } from '../../common/bridge/runtimes.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { Fields, SUBDOMAIN, validateEmpty } from '../validate.js';
import { runDemo } from './runtime-demo.js';
import { RuntimesService } from './runtimes-service.js';

/** an image reference as `docker run` and a pod spec take it: no spaces, no shell words */
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/;

export function validateNode(channel: string, params: unknown, extra: string[] = []): { node: string; image?: string } {
  const f = new Fields(channel, params, ['node', ...extra]);
  const node = f.name('node', SUBDOMAIN, 253, true);
  let image: string | undefined;
  if (extra.includes('image') && f.record['image'] !== undefined) {
    const v = f.record['image'];
    if (typeof v !== 'string' || v.length > 255 || !IMAGE.test(v)) f.add('image', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be an image reference such as nginx or nginx:1.25`);
    else image = v;
  }
  f.done();
  return { node: node as string, ...(image ? { image } : {}) };
}

export function runtimeHandlers(deps: BridgeDeps): DomainHandlers<RuntimeRequests> {
  const service = new RuntimesService(deps.provider);
  return {
    'runtimes:nodes': (p) => (validateEmpty('runtimes:nodes', p), Promise.resolve(service.nodes())),
    'runtimes:snapshot': (p) => service.snapshot(validateNode('runtimes:snapshot', p).node),
    'runtimes:demo': async (p, s) => {
      const { node, image = 'nginx' } = validateNode('runtimes:demo', p, ['image']);
      return runDemo({ admin: deps.admin, access: await service.access(node), node, image, progress: (e) => s.emit('runtimes:demo-progress', e) });
    },
  };
}
