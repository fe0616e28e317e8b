// Story grouping: the steps of `kubectl run nginx` — request, store write, watch
// deliveries, the scheduling decision, the binding, the CRI calls, the status writes —
// land in one story; background traffic is marked; a pod made again is a new story.
import { describe, expect, it } from 'vitest';
import { keyOfStorage, StoryGrouper } from './story-grouper.js';

const pod = { resource: 'pods', namespace: 'default', name: 'nginx' };

describe('StoryGrouper', () => {
  it('maps etcd keys to API objects (lists have none)', () => {
    expect(keyOfStorage('/registry/pods/default/nginx')).toEqual({ object: 'pods/default/nginx', resource: 'pods' });
    expect(keyOfStorage('/registry/minions/node-1')).toEqual({ object: 'nodes/node-1', resource: 'nodes' });
    expect(keyOfStorage('/registry/services/specs/default/web')).toEqual({ object: 'services/default/web', resource: 'services' });
    expect(keyOfStorage('/registry/pods/default/')).toEqual({ resource: 'pods' });
  });

  it("puts a pod's whole path in one story", () => {
    const g = new StoryGrouper();
    const steps = [
      g.fromEvent({ kind: 'store', ts: 1, op: 'create', key: '/registry/pods/default/nginx', revision: 42, ms: 0.4 }).step,
      g.fromEvent({ kind: 'watch', ts: 2, resource: 'pods', type: 'ADDED', namespace: 'default', name: 'nginx', user: 'system:kube-scheduler' }).step,
      g.fromEvent({ kind: 'request', ts: 3, user: 'kubernetes-admin', groups: ['system:masters'], verb: 'create', ...pod, code: 201, ms: 3, requestBody: '{"kind":"Pod"}', responseBody: '{}' }).step,
      g.fromEvent({ kind: 'schedule', ts: 4, namespace: 'default', name: 'nginx', uid: 'u', result: 'Scheduled', node: 'node-1', nodes: [{ node: 'node-1', feasible: true, chosen: true, score: 100 }] }).step,
      g.fromEvent({ kind: 'request', ts: 5, user: 'system:kube-scheduler', verb: 'create', ...pod, subresource: 'binding', code: 201, ms: 2 }).step,
      g.fromCri('node-1', { seq: 1, ts: 6, method: 'RunPodSandbox', ms: 98, ok: true, namespace: 'default', pod: 'nginx', podUid: 'u' }).step,
      g.fromEvent({ kind: 'request', ts: 7, user: 'system:node:node-1', verb: 'patch', ...pod, subresource: 'status', code: 200, ms: 2 }).step,
    ];
    expect(new Set(steps.map((s) => s.story))).toEqual(new Set(['pods/default/nginx#1']));
    expect(steps.every((s) => !s.background)).toBe(true);
    expect(steps.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const req = steps[2];
    expect(req?.kind === 'request' && req.hasBodies).toBe(true);
  });

  it('keeps the bodies beside the step, not in it', () => {
    const g = new StoryGrouper();
    const r = g.fromEvent({ kind: 'request', ts: 1, user: 'a', verb: 'create', ...pod, code: 201, ms: 1, requestBody: 'in', responseBody: 'out' });
    expect(r.bodies).toEqual({ request: 'in', response: 'out' });
    expect(JSON.stringify(r.step)).not.toContain('"in"');
  });

  it('opens a new story when the same name is created again', () => {
    const g = new StoryGrouper();
    const key = '/registry/pods/default/nginx';
    const added = { kind: 'watch' as const, ts: 1, resource: 'pods', type: 'ADDED', namespace: 'default', name: 'nginx', user: 'system:kube-scheduler' };
    const story = (e: Parameters<StoryGrouper['fromEvent']>[0]): string => g.fromEvent(e).step.story;
    // watchers may hear of it before the store's trace of the write arrives
    expect(story({ kind: 'store', ts: 0, op: 'get', key, ms: 1 })).toBe('pods/default/nginx#1');
    expect(story(added)).toBe('pods/default/nginx#1');
    expect(story({ kind: 'store', ts: 1, op: 'create', key, ms: 1 })).toBe('pods/default/nginx#1');
    expect(story({ ...added, user: 'kubernetes-admin' })).toBe('pods/default/nginx#1'); // a new watcher's initial list
    expect(story({ kind: 'store', ts: 2, op: 'delete', key, ms: 1 })).toBe('pods/default/nginx#1');
    expect(story({ ...added, type: 'DELETED' })).toBe('pods/default/nginx#1');
    expect(story(added)).toBe('pods/default/nginx#2');
    expect(story({ kind: 'store', ts: 3, op: 'create', key, ms: 1 })).toBe('pods/default/nginx#2');
  });

  it('marks heartbeats, lists and non-resource requests as background', () => {
    const g = new StoryGrouper();
    expect(g.fromEvent({ kind: 'request', ts: 1, user: 'system:node:node-1', verb: 'update', resource: 'leases', namespace: 'kube-node-lease', name: 'node-1', code: 200, ms: 1 }).step.background).toBe(true);
    expect(g.fromEvent({ kind: 'request', ts: 1, user: 'system:node:node-1', verb: 'patch', resource: 'nodes', name: 'node-1', subresource: 'status', code: 200, ms: 1 }).step.background).toBe(true);
    expect(g.fromEvent({ kind: 'request', ts: 1, user: 'u', verb: 'list', resource: 'pods', code: 200, ms: 1 }).step.background).toBe(true);
    expect(g.fromEvent({ kind: 'request', ts: 1, user: 'u', verb: 'get', resource: '/readyz', code: 200, ms: 1 }).step.background).toBe(true);
    expect(g.fromEvent({ kind: 'store', ts: 1, op: 'list', key: '/registry/pods/', ms: 1 }).step.background).toBe(true);
    expect(g.fromCri('node-1', { seq: 1, ts: 1, method: 'PullImage', ms: 1, ok: true, image: 'nginx' }).step).toMatchObject({ background: true, story: 'nodes/node-1#1' });
  });
});
