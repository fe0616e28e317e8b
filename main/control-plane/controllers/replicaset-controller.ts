// kube-controller-manager's replicaset controller: keeps spec.replicas pods matching a
// ReplicaSet's set-based selector (matchLabels + matchExpressions) alive, adopting
// orphans and releasing pods that stop matching. The shared logic is in
// replica-manager.ts; this file names the kind.
import type { ApiClient } from '../../common/client/api-client.js';
import { selectorToRequirements, matchesRequirements } from '../../common/label-selector.js';
import type { ReplicaControllerConfig, ReplicaKind } from './replica-manager.js';
import { ReplicaManager, replicaControllerConfig } from './replica-manager.js';
import { RS_PATH } from './workload-types.js';

export const REPLICASET_KIND: ReplicaKind = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  path: RS_PATH,
  component: 'replicaset-controller',
  matcher: (rs) => {
    // metav1.LabelSelectorAsSelector: a missing selector selects nothing, an empty one everything
    const reqs = selectorToRequirements(rs.spec.selector);
    return reqs ? (labels) => matchesRequirements(reqs, labels) : undefined;
  },
};

export type ReplicaSetControllerConfig = ReplicaControllerConfig;

export class ReplicaSetController extends ReplicaManager {
  constructor(client: ApiClient, config: Partial<ReplicaSetControllerConfig> = {}) {
    super(client, REPLICASET_KIND, replicaControllerConfig('replicaset-controller', config));
  }
}
