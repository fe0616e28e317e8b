// kube-controller-manager for k8s-lab: every controller with its own informers, talking
// to the API over HTTPS as system:kube-controller-manager, like any client. Timings are
// the 1.32 defaults unless the lab shortens them (flags of `k8s-lab up`).
import type { ApiClient } from '../../common/client/api-client.js';
import { DaemonSetController } from './daemonset-controller.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointSliceController } from './endpointslice-controller.js';
import { EndpointsController } from './endpoints-controller.js';
import { GarbageCollector } from './garbage-collector.js';
import { NamespaceController } from './namespace-controller.js';
import { NodeIpamController } from './node-ipam-controller.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { ReplicationManager } from './replication-controller.js';
import { ServiceAccountController } from './serviceaccount-controller.js';
import { TaintEvictionController } from './taint-eviction.js';

export interface ControllerManagerConfig {
  /** --node-monitor-grace-period (50 s in 1.32; the seeds' 40 s is the older default) */
  nodeMonitorGracePeriodMs?: number;
  /** --node-monitor-period (5 s) */
  nodeMonitorPeriodMs?: number;
  /** --node-startup-grace-period (60 s) */
  nodeStartupGracePeriodMs?: number;
  /** --cluster-cidr with --allocate-node-cidrs: pod CIDRs for nodes (10.244.0.0/16) */
  clusterCidr?: string;
  /** --node-cidr-mask-size (24) */
  nodeCidrMaskSize?: number;
  onError?: (controller: string, e: unknown) => void;
}

export interface ControllerManager {
  readonly controllers: string[];
  stop(): void;
}

interface Runnable {
  start(): void;
  stop(): void;
}

export function startControllerManager(client: ApiClient, config: ControllerManagerConfig = {}): ControllerManager {
  const report = (name: string) => (_key: unknown, e?: unknown) => config.onError?.(name, e ?? _key);
  const nodeTimings = {
    ...(config.nodeMonitorGracePeriodMs !== undefined ? { nodeMonitorGracePeriodMs: config.nodeMonitorGracePeriodMs } : {}),
    ...(config.nodeMonitorPeriodMs !== undefined ? { nodeMonitorPeriodMs: config.nodeMonitorPeriodMs } : {}),
    ...(config.nodeStartupGracePeriodMs !== undefined ? { nodeStartupGracePeriodMs: config.nodeStartupGracePeriodMs } : {}),
  };
  const controllers: [string, Runnable][] = [
    ['namespace', new NamespaceController(client)],
    ['serviceaccount', new ServiceAccountController(client, { onError: report('serviceaccount') })],
    ['replicaset', new ReplicaSetController(client, { onError: report('replicaset') })],
    ['replicationcontroller', new ReplicationManager(client, { onError: report('replicationcontroller') })],
    ['deployment', new DeploymentController(client, { onError: report('deployment') })],
    ['daemonset', new DaemonSetController(client, { onError: report('daemonset') })],
    ['garbagecollector', new GarbageCollector(client, { onError: report('garbagecollector') })],
    ['endpoints', new EndpointsController(client, { onError: report('endpoints') })],
    ['endpointslice', new EndpointSliceController(client, { onError: report('endpointslice') })],
    ['nodelifecycle', new NodeLifecycleController(client, { ...nodeTimings, onError: report('nodelifecycle') })],
    ['nodeipam', new NodeIpamController(client, { clusterCidr: config.clusterCidr ?? '10.244.0.0/16', nodeCidrMaskSize: config.nodeCidrMaskSize ?? 24, onError: report('nodeipam') })],
    ['taint-eviction', new TaintEvictionController(client, { onError: report('taint-eviction') })],
  ];
  for (const [, c] of controllers) c.start();
  return {
    controllers: controllers.map(([name]) => name),
    stop: () => controllers.forEach(([, c]) => c.stop()),
  };
}
