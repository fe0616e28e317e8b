import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('queues a key once however often it is added', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('never hands out a key being processed; a re-add while processing comes back after done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const k = await q.get();
    q.add('a');
    expect(q.length).toBe(0);
    q.done(k ?? '');
    expect(q.length).toBe(1);
  });

  it('backs off failed keys exponentially and forgets on success', async () => {
    const q = new WorkQueue({ baseDelayMs: 10, maxDelayMs: 1000 });
    const t0 = Date.now();
    q.addRateLimited('x');
    expect(await q.get()).toBe('x');
    q.done('x');
    const first = Date.now() - t0;
    q.addRateLimited('x');
    const t1 = Date.now();
    await q.get();
    q.done('x');
    expect(Date.now() - t1).toBeGreaterThanOrEqual(18);
    expect(first).toBeGreaterThanOrEqual(8);
    q.shutdown();
    expect(await q.get()).toBeUndefined();
  });
});
