// What kube-apiserver's bootstrap controller ensures at start: the system namespaces
// and the `kubernetes` Service in `default` (first address of the service range).
import type { KubeObject } from '../../common/kube-types.js';
import { ApiError } from './errors.js';
import type { ApiServices, RestRequest } from './handlers/context.js';
import { createObject } from './handlers/write.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const SYSTEM_USER = { name: 'system:apiserver', groups: ['system:masters'] };

async function ensure(api: ApiServices, plural: string, group: string, namespace: string, obj: KubeObject): Promise<void> {
  const def = api.registry.lookup(group, 'v1', plural);
  if (!def) return;
  const req: RestRequest = {
    info: { kind: 'resource', group, version: 'v1', namespace, resource: plural, name: '', subresource: '', verb: 'create' },
    def,
    user: SYSTEM_USER,
    query: new URLSearchParams({ fieldManager: 'kube-apiserver' }),
    headers: {},
  };
  try {
    await createObject(api, req, obj);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
}

export async function bootstrapCluster(api: ApiServices): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(api, 'namespaces', '', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  }
  await ensure(api, 'services', '', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
  });
}
