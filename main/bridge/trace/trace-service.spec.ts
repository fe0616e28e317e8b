// Batching and the zero-cost rule: the bus is listened to only while someone watches,
// steps reach watchers in batches (~50 ms), and the history survives a resubscribe.
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceStep } from '../../common/bridge/trace.js';
import { ApiClient } from '../../common/client/api-client.js';
import { TraceBus } from '../../control-plane/trace/trace-bus.js';
import { TraceService } from './trace-service.js';

const unreachable = new ApiClient({ server: 'https://127.0.0.1:9', caPem: '', certPem: '', keyPem: '' });
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

const store = (n: number) => ({ kind: 'store' as const, ts: Date.now(), op: 'create', key: `/registry/configmaps/default/c${n}`, revision: n, ms: 0.1 });

describe('TraceService', () => {
  it('listens to the bus only while watched, and batches', async () => {
    const bus = new TraceBus();
    const svc = new TraceService({ admin: unreachable, apiServerUrl: 'https://127.0.0.1:9', trace: bus }, { batchMs: 50, healthMs: 60_000 });
    expect(bus.active).toBe(false);
    const batches: TraceStep[][] = [];
    const { key, snapshot } = await svc.subscribe({ steps: (s) => batches.push(s), health: () => undefined });
    stops.push(() => svc.unsubscribe(key));
    expect(bus.active).toBe(true);
    expect(snapshot.health.components.map((c) => c.id)).toEqual(['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'registry']);
    expect(snapshot.health.components[0]?.state).toBe('down');
    for (let i = 1; i <= 20; i++) bus.emit(store(i));
    expect(batches).toHaveLength(0); // nothing sent synchronously
    await new Promise((r) => setTimeout(r, 120));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((s) => s.kind === 'store' && s.revision)).toEqual([...Array(20).keys()].map((i) => i + 1));
    svc.unsubscribe(key);
    expect(bus.active).toBe(false);

    // the history is still there for the next watcher
    const again = await svc.subscribe({ steps: () => undefined, health: () => undefined });
    stops.push(() => svc.unsubscribe(again.key));
    expect(again.snapshot.steps).toHaveLength(20);
    expect(svc.step(again.snapshot.steps[0]?.id ?? 0).step.kind).toBe('store');
    expect(() => svc.step(9999)).toThrow(/not found/);
  });

  it('answers 503 without a control plane in this process', async () => {
    const svc = new TraceService({ admin: unreachable, apiServerUrl: 'https://127.0.0.1:9' });
    await expect(svc.subscribe({ steps: () => undefined, health: () => undefined })).rejects.toThrow(/control plane/);
    expect(svc.watching).toBe(0);
  });
});
