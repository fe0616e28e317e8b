// The history: a time window and a count cap, bodies kept for recent steps, lookup by id.
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../common/bridge/trace.js';
import { TraceRing } from './trace-ring.js';

const step = (id: number, ts: number): TraceStep => ({ kind: 'store', id, ts, story: '', background: true, op: 'get', key: `/k/${id}`, ms: 0 });

describe('TraceRing', () => {
  it('keeps only the window', () => {
    const r = new TraceRing({ windowMs: 1000 });
    for (let i = 1; i <= 10; i++) r.push(step(i, i * 200), undefined, i * 200);
    expect(r.all(2000).map((s) => s.id)).toEqual([5, 6, 7, 8, 9, 10]);
    for (let i = 11; i <= 400; i++) r.push(step(i, 2000 + i), undefined, 2000 + i);
    expect(r.get(1)).toBeUndefined();
    expect(r.get(400)?.step.id).toBe(400);
  });

  it('caps the number of steps and of bodies', () => {
    const r = new TraceRing({ maxSteps: 100, maxBodies: 3 });
    for (let i = 1; i <= 1000; i++) r.push(step(i, 1), { request: `req ${i}` }, 1);
    expect(r.size).toBeLessThanOrEqual(100 + 256);
    expect(r.get(1000)?.bodies).toEqual({ request: 'req 1000' });
    expect(r.get(997)?.bodies).toBeUndefined();
  });

  it('finds steps by id', () => {
    const r = new TraceRing();
    for (let i = 1; i <= 50; i++) r.push(step(i * 2, i), undefined, 50);
    expect(r.get(40)?.step.ts).toBe(20);
    expect(r.get(41)).toBeUndefined();
  });
});
