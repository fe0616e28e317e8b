// kube-controller-manager's replicationcontroller controller (ReplicationManager): the
// ReplicaSet logic over core/v1 ReplicationControllers, whose selector is a plain
// equality map (`kubectl get rc`, `kubectl scale rc`, the seeds' RC commands).
import type { ApiClient } from '../../common/client/api-client.js';
import type { ReplicaControllerConfig, ReplicaKind } from './replica-manager.js';
import { ReplicaManager, replicaControllerConfig } from './replica-manager.js';
import { RC_PATH } from './workload-types.js';

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  kind: 'ReplicationController',
  apiVersion: 'v1',
  path: RC_PATH,
  component: 'replication-controller',
  matcher: (rc) => {
    const sel = rc.spec.selector as Record<string, string> | undefined;
    if (!sel) return undefined;
    // labels.SelectorFromSet: every key must be present with the same value
    const entries = Object.entries(sel);
    return (labels) => entries.every(([k, v]) => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v);
  },
};

export type ReplicationManagerConfig = ReplicaControllerConfig;

/** kube's ReplicationManager (pkg/controller/replication) */
export class ReplicationManager extends ReplicaManager {
  constructor(client: ApiClient, config: Partial<ReplicationManagerConfig> = {}) {
    super(client, REPLICATION_CONTROLLER_KIND, replicaControllerConfig('replication-controller', config));
  }
}
