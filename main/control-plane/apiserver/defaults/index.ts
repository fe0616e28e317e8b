// Defaulting as pure in-place functions: kube 1.32 scheme defaults, plus the
// admission and strategy fills that change what `kubectl get -o yaml` shows.
// `defaulters` is keyed like `validators` ("v1/Pod", "apps/v1/Deployment").
import type { KubeObject } from '../../../common/kube-types.js';
import {
  defaultBinding,
  defaultConfigMap,
  defaultEvent,
  defaultEventV1,
  defaultEviction,
  defaultLease,
  defaultNamespace,
  defaultNode,
  defaultScale,
  defaultSecret,
  defaultServiceAccount,
} from './core.js';
import { defaultPod } from './pod.js';
import { defaultEndpoints, defaultService } from './service.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultReplicationController } from './workloads.js';

export * from './core.js';
export * from './image.js';
export * from './meta.js';
export * from './pod.js';
export * from './pod-spec.js';
export * from './service.js';
export * from './workloads.js';

export type Defaulter = (obj: KubeObject) => void;

export const defaulters: Readonly<Record<string, Defaulter>> = {
  'v1/Pod': defaultPod,
  'v1/Namespace': defaultNamespace,
  'v1/Node': defaultNode,
  'v1/Service': defaultService,
  'v1/Endpoints': defaultEndpoints,
  'v1/Event': defaultEvent,
  'events.k8s.io/v1/Event': defaultEventV1,
  'v1/ReplicationController': defaultReplicationController,
  'v1/ConfigMap': defaultConfigMap,
  'v1/Secret': defaultSecret,
  'v1/ServiceAccount': defaultServiceAccount,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'coordination.k8s.io/v1/Lease': defaultLease,
  'v1/Binding': defaultBinding,
  'policy/v1/Eviction': defaultEviction,
  'autoscaling/v1/Scale': defaultScale,
};
