// NamespaceLifecycle admission: namespaced objects need an existing, non-terminating
// namespace; the system namespaces cannot be deleted.
import { errors } from '../errors.js';
import type { AdmissionPlugin } from '../handlers/context.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  async admit(req, api) {
    const { def } = req;
    if (def.group === '' && def.kind === 'Namespace') {
      if (req.operation === 'DELETE' && IMMORTAL.has(req.object.metadata.name ?? '')) {
        throw errors.forbidden({ group: '', resource: 'namespaces' }, req.object.metadata.name ?? '', 'this namespace may not be deleted');
      }
      return;
    }
    if (!def.namespaced || req.operation !== 'CREATE') return;
    const ns = await api.namespaces.get(req.namespace);
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, req.namespace);
    if (ns.terminating) {
      // events about the teardown itself are still accepted, as in kube
      if (def.kind === 'Event') return;
      throw errors.forbidden(
        { group: def.group, resource: def.plural },
        req.object.metadata.name ?? '',
        `unable to create new content in namespace ${req.namespace} because it is being terminated`,
        // controllers recognise this cause and stay quiet in namespaces going away
        [{ reason: 'NamespaceTerminating', message: `namespace ${req.namespace} is being terminated`, field: 'metadata.namespace' }],
      );
    }
  },
};
