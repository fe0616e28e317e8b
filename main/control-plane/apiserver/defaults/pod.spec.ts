import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaultPullPolicy, parseImageName } from './image.js';
import { admitPodUpdate, defaultPod, preparePodForCreate } from './pod.js';

/** the body `kubectl run nginx --image <image>` posts */
function kubectlRun(image: string): KubeObject {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'nginx', labels: { run: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image, resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

describe('defaultPod', () => {
  it('fills what `kubectl get pod -o yaml` shows for `kubectl run nginx --image nginx`', () => {
    const pod = kubectlRun('nginx');
    defaultPod(pod);
    expect(pod['spec']).toEqual({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          imagePullPolicy: 'Always',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    });
  });

  it('pulls IfNotPresent for a tagged image', () => {
    const pod = kubectlRun('nginx:1.25');
    defaultPod(pod);
    expect((pod['spec'] as { containers: { imagePullPolicy: string }[] }).containers[0]?.imagePullPolicy).toBe('IfNotPresent');
  });

  it('keeps an explicit pull policy and service account', () => {
    const pod: KubeObject = { metadata: { name: 'p' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'busybox', imagePullPolicy: 'Never' }] } };
    defaultPod(pod);
    const spec = pod['spec'] as Record<string, unknown>;
    expect((spec['containers'] as { imagePullPolicy: string }[])[0]?.imagePullPolicy).toBe('Never');
    expect(spec['serviceAccount']).toBe('robot');
  });

  it('does not add a default toleration the pod already has', () => {
    const pod: KubeObject = { metadata: { name: 'p' }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'c', image: 'i' }] } };
    defaultPod(pod);
    expect((pod['spec'] as { tolerations: unknown[] }).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('defaults probes, ports, volumes and requests from limits', () => {
    const pod: KubeObject = {
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i:1',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            resources: { limits: { cpu: '0.5', memory: '1024Mi' } },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch' }, { name: 'host', hostPath: { path: '/var/log' } }],
      },
    };
    defaultPod(pod);
    const spec = pod['spec'] as { containers: Record<string, unknown>[]; volumes: unknown[] };
    const c = spec.containers[0] ?? {};
    expect(c['ports']).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c['livenessProbe']).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c['resources']).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    expect(c['env']).toEqual([{ name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }]);
    expect(spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
    ]);
  });

  it('is idempotent, as defaulting runs again on every update', () => {
    const once = kubectlRun('nginx');
    defaultPod(once);
    const twice = structuredClone(once);
    defaultPod(twice);
    expect(twice).toEqual(once);
  });
});

describe('pod create and update preparation', () => {
  it('starts Pending with the QoS class', () => {
    const pod = kubectlRun('nginx');
    defaultPod(pod);
    preparePodForCreate(pod);
    expect(pod['status']).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const guaranteed: KubeObject = { metadata: { name: 'g' }, spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } };
    defaultPod(guaranteed);
    preparePodForCreate(guaranteed);
    expect((guaranteed['status'] as { qosClass: string }).qosClass).toBe('Guaranteed');
  });

  it('carries priority over on update', () => {
    const old = kubectlRun('nginx');
    defaultPod(old);
    const next = structuredClone(old);
    delete (next['spec'] as Record<string, unknown>)['priority'];
    admitPodUpdate(next, old);
    expect((next['spec'] as Record<string, unknown>)['priority']).toBe(0);
  });
});

describe('image references', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/team/app', 'Always'],
    ['registry.local:5000/team/app:v2', 'IfNotPresent'],
    [`nginx@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
  ])('%s pulls %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('normalizes Docker Hub names', () => {
    expect(parseImageName('nginx')).toEqual({ repository: 'docker.io/library/nginx', tag: 'latest', digest: '' });
    expect(parseImageName('localhost/app:1')?.repository).toBe('localhost/app');
  });
});
