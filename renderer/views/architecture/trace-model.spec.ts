import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../../main/common/bridge/trace.js';
import { appendSteps, groupStories, MAX_STEPS, stepLabel, stepTarget, storySteps, summarize } from './trace-model.js';

const base = { story: 'pods/default/nginx#1', background: false };
const steps: TraceStep[] = [
  { ...base, id: 1, ts: 10, kind: 'store', op: 'create', key: '/registry/pods/default/nginx', revision: 7, ms: 0.3 },
  { ...base, id: 2, ts: 11, kind: 'request', user: 'kubernetes-admin', groups: ['system:masters'], verb: 'create', resource: 'pods', namespace: 'default', name: 'nginx', code: 201, ms: 3, hasBodies: true },
  { ...base, id: 3, ts: 30, kind: 'cri', node: 'node-1', method: 'PullImage', ms: 120, ok: true, image: 'nginx' },
  { ...base, id: 4, ts: 20, kind: 'request', user: 'system:kube-scheduler', groups: [], verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name: 'nginx', code: 201, ms: 2, hasBodies: true },
  { id: 5, ts: 31, story: 'leases/kube-node-lease/node-1#0', background: true, kind: 'request', user: 'system:node:node-1', groups: [], verb: 'update', resource: 'leases', namespace: 'kube-node-lease', name: 'node-1', code: 200, ms: 1, hasBodies: true },
];

describe('trace model', () => {
  it('groups stories and hides background ones unless asked', () => {
    expect(groupStories(steps, false).map((s) => s.id)).toEqual(['pods/default/nginx#1']);
    expect(groupStories(steps, true).map((s) => s.id)).toEqual(['leases/kube-node-lease/node-1#0', 'pods/default/nginx#1']);
    expect(groupStories(steps, false)[0]).toMatchObject({ count: 4, first: 10, last: 30, object: 'pods/default/nginx' });
    expect(groupStories(steps, false, 15)[0]?.count).toBe(2);
  });

  it("orders a story's steps by time", () => {
    expect(storySteps(steps, 'pods/default/nginx#1').map((s) => s.id)).toEqual([1, 2, 4, 3]);
  });

  it('says what a step is and lights its path', () => {
    expect(summarize(steps[0] as TraceStep)).toBe('create /registry/pods/default/nginx @ revision 7 · 0.3 ms');
    expect(stepTarget(steps[3] as TraceStep)).toEqual({ nodes: ['kube-scheduler', 'kube-apiserver'], edges: ['e:kube-scheduler:api'] });
    expect(stepTarget(steps[2] as TraceStep).edges).toEqual(['e:node-1:cri', 'e:node-1:pull']);
    expect(stepLabel({ ...(steps[1] as TraceStep & { kind: 'request' }), subresource: 'status' })).toBe('status');
  });

  it('caps the steps kept', () => {
    const many = Array.from({ length: MAX_STEPS + 10 }, (_, i) => ({ ...(steps[0] as TraceStep), id: i + 1 }));
    const kept = appendSteps([], many);
    expect(kept).toHaveLength(MAX_STEPS);
    expect(kept[0]?.id).toBe(11);
  });
});
