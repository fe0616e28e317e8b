import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaulters } from './index.js';
import { defaultNamespace, defaultNode, defaultSecret, prepareNamespaceForUpdate } from './core.js';
import { defaultService, prepareServiceForUpdate } from './service.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicationController } from './workloads.js';

describe('Deployment', () => {
  it('matches `kubectl create deployment web --image nginx` as stored', () => {
    const d: KubeObject = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
        strategy: {},
      },
      status: {},
    };
    defaultDeployment(d);
    expect(d['spec']).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            { image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(d['status']).toEqual({});
  });

  it('leaves rollingUpdate alone for Recreate', () => {
    const d: KubeObject = { metadata: { name: 'r' }, spec: { strategy: { type: 'Recreate' }, template: { spec: { containers: [] } } } };
    defaultDeployment(d);
    expect((d['spec'] as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
  });
});

describe('DaemonSet and ReplicationController', () => {
  it('defaults the DaemonSet update strategy to one unavailable, no surge', () => {
    const ds: KubeObject = { metadata: { name: 'agent' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } };
    defaultDaemonSet(ds);
    const spec = ds['spec'] as Record<string, unknown>;
    expect(spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(spec['revisionHistoryLimit']).toBe(10);
    expect(ds['status']).toEqual({ currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
  });

  it('copies template labels into an empty RC selector and labels', () => {
    const rc: KubeObject = { metadata: { name: 'nginx' }, spec: { template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'n', image: 'nginx' }] } } } };
    defaultReplicationController(rc);
    expect((rc['spec'] as Record<string, unknown>)['selector']).toEqual({ app: 'nginx' });
    expect(rc.metadata.labels).toEqual({ app: 'nginx' });
    expect((rc['spec'] as Record<string, unknown>)['replicas']).toBe(1);
  });
});

describe('Service', () => {
  it('fills the ClusterIP defaults `kubectl get svc -o yaml` shows', () => {
    const s: KubeObject = { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: { app: 'web' } } };
    defaultService(s);
    expect(s['spec']).toEqual({
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(s['status']).toEqual({ loadBalancer: {} });
  });

  it('adds externalTrafficPolicy for NodePort and allocateLoadBalancerNodePorts for LoadBalancer', () => {
    const np: KubeObject = { metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] } };
    defaultService(np);
    expect((np['spec'] as Record<string, unknown>)['externalTrafficPolicy']).toBe('Cluster');
    expect((np['spec'] as { ports: unknown[] }).ports).toEqual([{ port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const lb: KubeObject = { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    defaultService(lb);
    expect((lb['spec'] as Record<string, unknown>)['allocateLoadBalancerNodePorts']).toBe(true);
  });

  it('keeps allocated node ports on update when the body omits them', () => {
    const old: KubeObject = { metadata: { name: 'np' }, spec: { type: 'NodePort', clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [{ port: 80, nodePort: 31000 }] } };
    const next: KubeObject = { metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    defaultService(next);
    prepareServiceForUpdate(next, old);
    const spec = next['spec'] as Record<string, unknown>;
    expect(spec['clusterIP']).toBe('10.96.0.5');
    expect((spec['ports'] as { nodePort: number }[])[0]?.nodePort).toBe(31000);
  });
});

describe('Namespace, Node, Secret', () => {
  it('labels, finalizes and activates a new namespace', () => {
    const ns: KubeObject = { metadata: { name: 'team-a' } };
    defaultNamespace(ns);
    expect(ns).toEqual({
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const next: KubeObject = { metadata: { name: 'team-a', labels: { x: 'y' } }, spec: {} };
    prepareNamespaceForUpdate(next, ns);
    expect(next['spec']).toEqual({ finalizers: ['kubernetes'] });
    expect(next.metadata.labels).toEqual({ x: 'y', 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('copies node capacity into allocatable, canonically', () => {
    const node: KubeObject = { metadata: { name: 'n1' }, status: { capacity: { cpu: '2', memory: '4194304Ki', pods: '110' } } };
    defaultNode(node);
    expect((node['status'] as Record<string, unknown>)['allocatable']).toEqual({ cpu: '2', memory: '4Gi', pods: '110' });
  });

  it('types a secret Opaque', () => {
    const s: KubeObject = { metadata: { name: 's' }, data: {} };
    defaultSecret(s);
    expect(s['type']).toBe('Opaque');
  });

  it('has a defaulter for every kind the API serves', () => {
    expect(Object.keys(defaulters).sort()).toEqual(
      [
        'apps/v1/DaemonSet',
        'apps/v1/Deployment',
        'apps/v1/ReplicaSet',
        'autoscaling/v1/Scale',
        'coordination.k8s.io/v1/Lease',
        'events.k8s.io/v1/Event',
        'policy/v1/Eviction',
        'v1/Binding',
        'v1/ConfigMap',
        'v1/Endpoints',
        'v1/Event',
        'v1/Namespace',
        'v1/Node',
        'v1/Pod',
        'v1/ReplicationController',
        'v1/Secret',
        'v1/Service',
        'v1/ServiceAccount',
      ].sort(),
    );
  });
});

describe('prepareObjectMetaForUpdate', () => {
  it('takes the system fields from the stored object', async () => {
    const { prepareObjectMetaForUpdate } = await import('./meta.js');
    const old: KubeObject = { metadata: { name: 'a', uid: 'u1', resourceVersion: '9', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z' } };
    const next: KubeObject = { metadata: { name: 'a', generation: 5 } };
    prepareObjectMetaForUpdate(next, old);
    expect(next.metadata).toEqual({ name: 'a', uid: 'u1', resourceVersion: '9', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z' });
  });
});
