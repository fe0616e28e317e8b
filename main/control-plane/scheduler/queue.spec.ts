import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { FakeClock } from './fake-clock.js';
import { parsePod } from './pod-info.js';
import type { QueuedPod } from './queue.js';
import { SchedulingQueue } from './queue.js';

function pod(name: string, o: { priority?: number; created?: string; gates?: boolean } = {}) {
  return parsePod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z' },
    spec: { priority: o.priority ?? 0, containers: [{ name: 'c' }], ...(o.gates ? { schedulingGates: [{ name: 'wait' }] } : {}) },
  });
}

function setup() {
  const clock = new FakeClock();
  const q = new SchedulingQueue(resolveConfig({ clock }));
  q.run();
  return { clock, q };
}

async function drain(q: SchedulingQueue, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(((await q.pop()) as QueuedPod).info.name);
  return out;
}

describe('scheduling queue', () => {
  it('pops by priority, then creation time, then arrival', async () => {
    const { q } = setup();
    q.add(pod('late', { created: '2026-01-01T00:00:05Z' }));
    q.add(pod('early-b'));
    q.add(pod('early-a'));
    q.add(pod('urgent', { priority: 1000, created: '2026-01-01T00:00:09Z' }));
    expect(await drain(q, 4)).toEqual(['urgent', 'early-b', 'early-a', 'late']);
  });

  it('backs off 1 s doubling to 10 s per attempt', async () => {
    const { q } = setup();
    q.add(pod('p'));
    const p = (await q.pop()) as QueuedPod;
    const durations: number[] = [];
    for (let attempts = 1; attempts <= 6; attempts++) {
      p.attempts = attempts;
      durations.push(q.backoffDuration(p));
    }
    expect(durations).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('an unschedulable pod moves only on an event one of its rejecting plugins cares about, after its backoff', async () => {
    const { clock, q } = setup();
    q.add(pod('p'));
    const p = (await q.pop()) as QueuedPod;
    q.addUnschedulable(p, new Set(['NodeResourcesFit']));
    expect(q.moveOnEvent({ kind: 'NodeUpdate', changes: ['labels'] })).toBe(0);
    expect(q.moveOnEvent({ kind: 'AssignedPodDelete' })).toBe(1);
    // still inside its 1 s backoff: it waits in backoffQ until the next flush after expiry
    expect(q.stats()).toMatchObject({ backoff: 1, active: 0, unschedulable: 0 });
    clock.advance(999);
    expect(q.stats().backoff).toBe(1);
    clock.advance(1000);
    expect(q.stats()).toMatchObject({ backoff: 0, active: 1 });
    expect((await q.pop())?.attempts).toBe(2);
  });

  it('a pod rejected for no particular plugin (no nodes) moves on any event', async () => {
    const { clock, q } = setup();
    q.add(pod('p'));
    const p = (await q.pop()) as QueuedPod;
    q.addUnschedulable(p, new Set());
    clock.advance(5000);
    expect(q.moveOnEvent({ kind: 'NodeDelete' })).toBe(1);
    expect(q.stats().active).toBe(1);
  });

  it('flushes pods left unschedulable for 5 minutes', async () => {
    const { clock, q } = setup();
    q.add(pod('p'));
    q.addUnschedulable((await q.pop()) as QueuedPod, new Set(['NodeAffinity']));
    clock.advance(299_000);
    expect(q.stats().unschedulable).toBe(1);
    clock.advance(31_000);
    expect(q.stats()).toMatchObject({ unschedulable: 0, active: 1 });
  });

  it('a spec change moves an unschedulable pod; a status change does not', async () => {
    const { clock, q } = setup();
    q.add(pod('p'));
    q.addUnschedulable((await q.pop()) as QueuedPod, new Set(['TaintToleration']));
    clock.advance(2000);
    q.update(pod('p'), false);
    expect(q.stats().unschedulable).toBe(1);
    q.update(pod('p'), true);
    expect(q.stats()).toMatchObject({ unschedulable: 0, active: 1 });
  });

  it('holds gated pods until the gates are gone', async () => {
    const { q } = setup();
    q.add(pod('gated', { gates: true }));
    expect(q.stats()).toMatchObject({ gated: 1, active: 0 });
    q.update(pod('gated'), true);
    expect((await q.pop())?.info.name).toBe('gated');
  });

  it('wakes a waiting pop with the best pod of a burst', async () => {
    const { q } = setup();
    const next = q.pop();
    q.add(pod('low'));
    q.add(pod('high', { priority: 10 }));
    expect((await next)?.info.name).toBe('high');
    q.close();
    expect(await q.pop()).toBeUndefined();
  });
});
