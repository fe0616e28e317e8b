// The compiled schema and the top-level kinds a protobuf body may carry.
import { APPS } from './apps.js';
import { compileSchema } from './compile.js';
import type { CompiledSchema } from './compile.js';
import { CORE_CONTAINER } from './core-container.js';
import { CORE_OBJECTS } from './core-objects.js';
import { CORE_POD } from './core-pod.js';
import { CORE_STATUS } from './core-status.js';
import { CORE_VOLUMES } from './core-volumes.js';
import { META } from './meta.js';
import { MORE_GROUPS } from './more-groups.js';
import { OTHER_GROUPS } from './other-groups.js';

export type { CompiledSchema } from './compile.js';

export const SCHEMA: CompiledSchema = compileSchema(META, CORE_OBJECTS, CORE_POD, CORE_CONTAINER, CORE_VOLUMES, CORE_STATUS, APPS, OTHER_GROUPS, MORE_GROUPS);

/** apiVersion → kind → message. DeleteOptions is registered in every group version. */
export const TOP_LEVEL_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    Namespace: 'Namespace',
    Pod: 'Pod',
    PodTemplate: 'PodTemplate',
    Node: 'Node',
    Service: 'Service',
    Endpoints: 'Endpoints',
    Event: 'Event',
    ReplicationController: 'ReplicationController',
    ConfigMap: 'ConfigMap',
    Secret: 'Secret',
    ServiceAccount: 'ServiceAccount',
    Binding: 'Binding',
    ResourceQuota: 'ResourceQuota',
  },
  'apps/v1': {
    Deployment: 'apps.Deployment',
    ReplicaSet: 'apps.ReplicaSet',
    DaemonSet: 'apps.DaemonSet',
    ControllerRevision: 'apps.ControllerRevision',
  },
  'coordination.k8s.io/v1': { Lease: 'coordination.Lease' },
  'discovery.k8s.io/v1': { EndpointSlice: 'discovery.EndpointSlice' },
  'events.k8s.io/v1': { Event: 'events.Event' },
  'policy/v1': { Eviction: 'policy.Eviction', PodDisruptionBudget: 'policy.PodDisruptionBudget' },
  'autoscaling/v1': { Scale: 'autoscaling.Scale' },
  'batch/v1': { Job: 'batch.Job', CronJob: 'batch.CronJob' },
  'rbac.authorization.k8s.io/v1': {
    Role: 'rbac.Role',
    ClusterRole: 'rbac.ClusterRole',
    RoleBinding: 'rbac.RoleBinding',
    ClusterRoleBinding: 'rbac.ClusterRoleBinding',
  },
  'scheduling.k8s.io/v1': { PriorityClass: 'scheduling.PriorityClass' },
  'authentication.k8s.io/v1': { TokenRequest: 'authentication.TokenRequest' },
};

export function messageForKind(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'DeleteOptions';
  return TOP_LEVEL_KINDS[apiVersion]?.[kind];
}
