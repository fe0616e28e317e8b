import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { RESTARTED_AT, RolloutError, pickRevision, restartPatch, rfc3339, undoPlan } from './rollout.js';

const template = (image: string, extra: Record<string, string> = {}): Record<string, unknown> => ({
  metadata: { labels: { app: 'web', ...extra } },
  spec: { containers: [{ name: 'web', image }] },
});

function deployment(image: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '2', note: 'mine' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(image) },
    ...extra,
  };
}

function rs(name: string, revision: string | undefined, image: string, ownerUid = 'd1', extraAnnotations: Record<string, string> = {}): KubeObject {
  return {
    metadata: {
      name,
      namespace: 'default',
      annotations: { ...(revision !== undefined ? { 'deployment.kubernetes.io/revision': revision } : {}), ...extraAnnotations },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: ownerUid, controller: true }],
    },
    spec: { replicas: 0, template: template(image, { 'pod-template-hash': name.slice(4) }) },
  };
}

describe('rollout undo: which ReplicaSet (kubectl rollback.go deploymentRevision)', () => {
  const sets = [rs('web-aaa', '1', 'nginx:1.0'), rs('web-bbb', '3', 'nginx:1.2'), rs('web-ccc', '2', 'nginx:1.1'), rs('web-zzz', '9', 'other', 'd9')];

  it('with no revision asked, takes the second newest revision the Deployment controls', () => {
    expect(pickRevision(deployment('nginx:1.2'), sets, 0).metadata.name).toBe('web-ccc');
    // the order of the list does not matter
    expect(pickRevision(deployment('nginx:1.2'), [...sets].reverse(), 0).metadata.name).toBe('web-ccc');
  });

  it('--to-revision N takes that revision, or fails in kubectl\'s words', () => {
    expect(pickRevision(deployment('nginx:1.2'), sets, 1).metadata.name).toBe('web-aaa');
    expect(() => pickRevision(deployment('nginx:1.2'), sets, 9)).toThrow('unable to find specified revision 9 in history');
  });

  it('one revision only: "no rollout history found"', () => {
    expect(() => pickRevision(deployment('nginx:1.2'), [rs('web-bbb', '1', 'nginx:1.2')], 0)).toThrow(new RolloutError('no rollout history found for deployment "web"'));
    expect(() => pickRevision(deployment('nginx:1.2'), [], 0)).toThrow('no rollout history found for deployment "web"');
  });

  it('a ReplicaSet without a revision counts as revision 0; an unreadable one is skipped', () => {
    expect(pickRevision(deployment('x'), [rs('web-aaa', undefined, 'a'), rs('web-bbb', '1', 'b')], 0).metadata.name).toBe('web-aaa');
    expect(() => pickRevision(deployment('x'), [rs('web-aaa', 'x1', 'a'), rs('web-bbb', '1', 'b')], 0)).toThrow('no rollout history');
  });
});

describe('rollout undo: the patch (kubectl rollback.go Rollback)', () => {
  it('replaces spec.template without pod-template-hash and merges the annotations', () => {
    const old = rs('web-ccc', '2', 'nginx:1.1', 'd1', { 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'v1.1' });
    const plan = undoPlan(deployment('nginx:1.2'), [old, rs('web-bbb', '3', 'nginx:1.2')], 0);
    expect(plan).toEqual({
      revision: 2,
      patch: [
        { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.1' }] } } },
        // the Deployment keeps its revision; the ReplicaSet's change-cause comes back; "note" was the Deployment's own
        { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'v1.1' } },
      ],
    });
    // the ReplicaSet itself is not changed by building the patch
    expect((old['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels['pod-template-hash']).toBe('ccc');
  });

  it('skips when the template already matches, naming the revision asked', () => {
    expect(undoPlan(deployment('nginx:1.2'), [rs('web-bbb', '3', 'nginx:1.2'), rs('web-aaa', '1', 'nginx:1.2')], 0)).toEqual({ skipped: 'skipped rollback (current template already matches revision 0)' });
  });

  it('refuses a paused Deployment', () => {
    const paused = deployment('x');
    (paused['spec'] as Record<string, unknown>)['paused'] = true;
    expect(() => undoPlan(paused, [], 0)).toThrow("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  });
});

describe('rollout restart (kubectl objectrestarter.go)', () => {
  const now = new Date('2025-03-01T12:00:05Z');
  it('stamps kubectl.kubernetes.io/restartedAt with RFC 3339 now', () => {
    const patch = restartPatch('deployments', deployment('nginx'), now);
    expect(patch).toEqual({ spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(now) } } } } });
  });

  it('formats like Go\'s time.RFC3339: seconds, and the local offset (Z in UTC)', () => {
    expect(rfc3339(now)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    if (new Date().getTimezoneOffset() === 0) expect(rfc3339(now)).toBe('2025-03-01T12:00:05Z');
  });

  it('refuses a paused Deployment and a second restart in the same second', () => {
    const paused = deployment('x');
    (paused['spec'] as Record<string, unknown>)['paused'] = true;
    expect(() => restartPatch('deployments', paused, now)).toThrow("can't restart paused deployment (run rollout resume first)");
    // a paused DaemonSet does not exist: the field is the Deployment's
    expect(restartPatch('daemonsets', paused, now)).toBeDefined();
    const again = deployment('x');
    (again['spec'] as { template: { metadata: Record<string, unknown> } }).template.metadata['annotations'] = { [RESTARTED_AT]: rfc3339(now) };
    expect(() => restartPatch('deployments', again, now)).toThrow('if restart has already been triggered within the past second');
  });
});
