import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../common/kube-types.js';
import { PatchError } from '../errors.js';
import { applyPatchType } from '../index.js';

const SMP = 'application/strategic-merge-patch+json';

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number; protocol?: string; name?: string }[];
}

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', tier: 'fe' },
      finalizers: ['a', 'b'],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.24',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'busybox:1.36' },
          ],
          tolerations: [{ key: 'x', operator: 'Exists' }],
          securityContext: { runAsNonRoot: true },
        },
      },
    },
  };
}

function smp(live: KubeObject, patch: unknown): KubeObject {
  return applyPatchType(SMP, live, JSON.stringify(patch));
}

function podSpec(obj: KubeObject): Record<string, unknown> & { containers: Container[] } {
  const spec = obj.spec as { template: { spec: Record<string, unknown> & { containers: Container[] } } };
  return spec.template.spec;
}

function rejected(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

describe('strategic merge patch: what kubectl 1.32 sends', () => {
  it('kubectl set image deployment/web nginx=nginx:1.25 (two-way patch with $setElementOrder)', () => {
    const out = smp(deployment(), {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ image: 'nginx:1.25', name: 'nginx' }] } } },
    });
    const containers = podSpec(out).containers;
    expect(containers.map((c) => `${c.name}=${c.image ?? ''}`)).toEqual(['nginx=nginx:1.25', 'sidecar=busybox:1.36']);
    expect(containers[0]?.env).toHaveLength(2);
    expect(containers[0]?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('kubectl rollout restart adds the restartedAt template annotation', () => {
    const out = smp(deployment(), { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' } } } } });
    const meta = (out.spec as { template: { metadata: unknown } }).template.metadata;
    expect(meta).toEqual({ labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' } });
  });

  it('kubectl apply, second run: changed image, removed env var and label, new last-applied', () => {
    const out = smp(deployment(), {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}\n' }, labels: { tier: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], image: 'nginx:1.25', name: 'nginx' }],
          },
        },
      },
    });
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}\n' });
    const [nginx, sidecar] = podSpec(out).containers;
    expect(nginx).toEqual({ name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(sidecar?.name).toBe('sidecar');
  });

  it('kubectl edit changing the second of two containers keeps both, in order', () => {
    const out = smp(deployment(), {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }], containers: [{ image: 'busybox:1.37', name: 'sidecar' }] } } },
    });
    expect(podSpec(out).containers.map((c) => c.image)).toEqual(['nginx:1.24', 'busybox:1.37']);
  });

  it('$setElementOrder alone reorders the live list', () => {
    const out = smp(deployment(), { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } } } });
    expect(podSpec(out).containers.map((c) => c.name)).toEqual(['sidecar', 'nginx']);
  });

  it('$patch: delete removes one container by merge key', () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } });
    expect(podSpec(out).containers.map((c) => c.name)).toEqual(['nginx']);
  });

  it('puts a new item first when nothing orders it (patch items before server-only ones)', () => {
    const out = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'debug', image: 'alpine' }] } } } });
    expect(podSpec(out).containers.map((c) => c.name)).toEqual(['debug', 'nginx', 'sidecar']);
  });

  it('merges ports by containerPort and env by name', () => {
    const out = smp(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'nginx', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'B', value: 'changed' }] }],
          },
        },
      },
    });
    const nginx = podSpec(out).containers[0];
    expect(nginx?.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
    expect(nginx?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'changed' },
    ]);
  });

  it('replaces lists without a patch strategy (tolerations)', () => {
    const out = smp(deployment(), { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } } });
    expect(podSpec(out).tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('$patch: replace on a list and on a map', () => {
    const list = smp(deployment(), { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } } });
    expect(podSpec(list).containers).toEqual([{ name: 'only', image: 'x' }]);
    const map = smp(deployment(), { metadata: { labels: { $patch: 'replace', fresh: 'yes' } } });
    expect(map.metadata.labels).toEqual({ fresh: 'yes' });
  });

  it('$patch: delete on a map empties it', () => {
    const out = smp(deployment(), { spec: { template: { spec: { securityContext: { $patch: 'delete' } } } } });
    expect(podSpec(out).securityContext).toEqual({});
  });

  it('$retainKeys clears rollingUpdate when the strategy becomes Recreate', () => {
    const out = smp(deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    expect((out.spec as { strategy: unknown }).strategy).toEqual({ type: 'Recreate' });
  });

  it('merges finalizers as a primitive merge list and honours $deleteFromPrimitiveList', () => {
    expect(smp(deployment(), { metadata: { finalizers: ['c', 'a'] } }).metadata.finalizers).toEqual(['c', 'a', 'b']);
    expect(smp(deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } }).metadata.finalizers).toEqual(['a']);
    const applied = smp(deployment(), { metadata: { '$setElementOrder/finalizers': ['a', 'c'], '$deleteFromPrimitiveList/finalizers': ['b'], finalizers: ['c'] } });
    expect(applied.metadata.finalizers).toEqual(['a', 'c']);
  });

  it('null deletes a field; directive keys never reach the stored object', () => {
    const out = smp(deployment(), {
      spec: { replicas: null, template: { spec: { initContainers: [{ name: 'init', image: 'busybox', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X', value: null }] }] } } },
    });
    expect(out.spec).not.toHaveProperty('replicas');
    expect(podSpec(out).initContainers).toEqual([{ name: 'init', image: 'busybox', env: [{ name: 'X' }] }]);
  });

  it('falls back to merge-patch list semantics for kinds outside the tables', () => {
    const cr: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items: [{ name: 'a' }, { name: 'b' }], opts: { x: 1 } } };
    const out = smp(cr, { spec: { items: [{ name: 'c' }], opts: { y: 2 } } });
    expect(out.spec).toEqual({ items: [{ name: 'c' }], opts: { x: 1, y: 2 } });
  });
});

describe('strategic merge patch errors (codes from interpretStrategicMergePatchError)', () => {
  it('a merge-list item without its merge key is a 500 with the Go message', () => {
    const err = rejected(() => smp(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }));
    expect(err.code).toBe(500);
    expect(err.message).toBe('map: map[image:x] does not contain declared merge key: name');
  });

  it('malformed directives are 400s', () => {
    expect(rejected(() => smp(deployment(), { metadata: { $setElementOrder: ['a'] } })).message).toBe('invalid patch format of setElementOrder list');
    expect(rejected(() => smp(deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).message).toBe('invalid patch format of retainKeys');
    expect(rejected(() => smp(deployment(), { metadata: { $deleteFromPrimitiveList: ['a'] } })).code).toBe(400);
  });

  it('lists of lists are a 422, unknown $patch values a 500', () => {
    const live: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: [] } };
    expect(rejected(() => smp(live, { metadata: { finalizers: [['x']] } })).code).toBe(422);
    // Mixed element types are a plain Go error.
    const mixed = rejected(() => smp(deployment(), { metadata: { finalizers: [['x']] } }));
    expect(mixed.code).toBe(500);
    expect(mixed.message).toBe('list element types are not identical: [[a b] [[x]]]');
    const err = rejected(() => smp(deployment(), { metadata: { labels: { $patch: 'merge', x: 'y' } } }));
    expect(err.code).toBe(500);
    expect(err.message).toBe('unknown patch type: merge in map: map[$patch:merge x:y]');
  });
});
