import { describe, expect, it } from 'vitest';
import { ProbeManager } from './prober.js';
import type { ProbeEvent, ProbeKill, ProbeResultUpdate } from './prober.js';
import type { ProbeRequest } from './probe-runners.js';
import { ProbeError } from './types.js';
import type { ProbeClock, ProbeOutcome, ProbeSpec, ProbeType, ProbedPod } from './types.js';

/** settles promise chains started by fired timers */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

class FakeClock implements ProbeClock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, { due: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** runs every timer due up to now+ms in order, letting each one's promises settle */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].due;
      next[1].fn();
    }
    this.t = target;
    await flush();
  }
}

type Script = Partial<Record<ProbeType, (call: number, req: ProbeRequest) => ProbeOutcome>>;

function harness(script: Script, opts: { jitterOnStart?: boolean; random?: () => number } = {}) {
  const clock = new FakeClock();
  const calls: { probeType: ProbeType; at: number; containerId: string }[] = [];
  const counts = new Map<ProbeType, number>();
  const manager = new ProbeManager({
    clock,
    jitterOnStart: opts.jitterOnStart,
    random: opts.random,
    onError: (e) => {
      throw e;
    },
    runProbe: (req) => {
      const n = (counts.get(req.probeType) ?? 0) + 1;
      counts.set(req.probeType, n);
      calls.push({ probeType: req.probeType, at: clock.now(), containerId: req.containerId });
      const fn = script[req.probeType];
      if (!fn) throw new Error(`no script for ${req.probeType}`);
      return Promise.resolve(fn(n, req));
    },
  });
  const events: ProbeEvent[] = [];
  const kills: (ProbeKill & { at: number })[] = [];
  const results: (ProbeResultUpdate & { at: number })[] = [];
  manager.onEvent((e) => events.push(e));
  manager.onKill((k) => kills.push({ ...k, at: clock.now() }));
  manager.onResult((r) => results.push({ ...r, at: clock.now() }));
  const times = (probeType: ProbeType) => calls.filter((c) => c.probeType === probeType).map((c) => c.at / 1000);
  return { clock, manager, calls, events, kills, results, times };
}

function pod(probes: { liveness?: ProbeSpec; readiness?: ProbeSpec; startup?: ProbeSpec }, restartPolicy?: string): ProbedPod {
  return {
    metadata: { name: 'mynapp-pod', namespace: 'default', uid: 'u1' },
    spec: {
      restartPolicy,
      containers: [{
        name: 'mynapp',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        livenessProbe: probes.liveness,
        readinessProbe: probes.readiness,
        startupProbe: probes.startup,
      }],
    },
    status: { podIP: '10.244.1.5' },
  };
}

const http404: ProbeOutcome = { result: 'failure', output: 'HTTP probe failed with statuscode: 404' };
const ok: ProbeOutcome = { result: 'success', output: '' };
const httpGet = { httpGet: { path: '/', port: 8080 } };

describe('ProbeManager liveness', () => {
  it('kills after failureThreshold (3) failures at the default 10 s period, with the kubelet messages', async () => {
    const h = harness({ liveness: () => http404 });
    h.manager.addContainer('default/mynapp-pod', pod({ liveness: httpGet }), 'mynapp', 'c1', 0);
    await h.clock.advance(60_000);

    expect(h.times('liveness')).toEqual([0, 10, 20]);
    expect(h.events.map((e) => e.message)).toEqual(Array(3).fill('Liveness probe failed: HTTP probe failed with statuscode: 404'));
    expect(h.events[0]).toMatchObject({ type: 'Warning', reason: 'Unhealthy', container: 'mynapp', containerId: 'c1', fieldPath: 'spec.containers{mynapp}' });
    expect(h.kills).toEqual([{ podKey: 'default/mynapp-pod', container: 'mynapp', containerId: 'c1', reason: 'liveness', message: 'Container mynapp failed liveness probe, will be restarted', at: 20_000 }]);
    expect(h.manager.result('c1', 'liveness')).toBe('failure');
  });

  it('starts the restarted container (new id) fresh and probes it again', async () => {
    const h = harness({ liveness: (n) => (n <= 3 ? http404 : ok) });
    const p = pod({ liveness: httpGet });
    h.manager.addContainer('default/mynapp-pod', p, 'mynapp', 'c1', 0);
    await h.clock.advance(25_000);
    expect(h.kills).toHaveLength(1);

    h.manager.addContainer('default/mynapp-pod', p, 'mynapp', 'c2', 25_000);
    expect(h.manager.result('c1', 'liveness')).toBeUndefined();
    expect(h.manager.result('c2', 'liveness')).toBe('success');
    await h.clock.advance(30_000);
    expect(h.times('liveness')).toEqual([0, 10, 20, 25, 35, 45, 55]);
    expect(h.kills).toHaveLength(1);
  });

  it('a success in between resets the failure count', async () => {
    const seq = [http404, http404, ok, http404, http404, http404];
    const h = harness({ liveness: (n) => seq[n - 1] ?? ok });
    h.manager.addContainer('ns/p', pod({ liveness: httpGet }), 'mynapp', 'c1', 0);
    await h.clock.advance(45_000);
    expect(h.kills).toHaveLength(0);
    await h.clock.advance(10_000);
    expect(h.kills.map((k) => k.at)).toEqual([50_000]);
  });

  it('says nothing about a restart when restartPolicy is Never', async () => {
    const h = harness({ liveness: () => http404 });
    h.manager.addContainer('ns/p', pod({ liveness: { ...httpGet, failureThreshold: 1 } }, 'Never'), 'mynapp', 'c1', 0);
    await h.clock.advance(1);
    expect(h.kills.map((k) => k.message)).toEqual(['Container mynapp failed liveness probe']);
  });

  it('waits initialDelaySeconds after the container started', async () => {
    const h = harness({ liveness: () => ok });
    h.manager.addContainer('ns/p', pod({ liveness: { ...httpGet, initialDelaySeconds: 15, periodSeconds: 5 } }), 'mynapp', 'c1', 0);
    await h.clock.advance(14_999);
    expect(h.times('liveness')).toEqual([]);
    await h.clock.advance(10_001);
    expect(h.times('liveness')).toEqual([15, 20, 25]);
  });

  it('counts the initial delay from startedAt, not from when the prober heard of the container', async () => {
    const h = harness({ liveness: () => ok });
    await h.clock.advance(8_000);
    h.manager.addContainer('ns/p', pod({ liveness: { ...httpGet, initialDelaySeconds: 10 } }), 'mynapp', 'c1', 0);
    await h.clock.advance(3_000);
    expect(h.times('liveness')).toEqual([10]);
  });

  it('retries an erroring probe 3 times per round, reports it, and never counts it', async () => {
    const h = harness({ liveness: () => ({ result: 'unknown', output: '', error: 'strconv.Atoi: parsing "http": invalid syntax' }) });
    h.manager.addContainer('ns/p', pod({ liveness: { httpGet: { port: 'http' }, failureThreshold: 1 } }), 'mynapp', 'c1', 0);
    await h.clock.advance(25_000);
    expect(h.times('liveness')).toEqual([0, 0, 0, 10, 10, 10, 20, 20, 20]);
    expect(h.events.map((e) => e.message)).toEqual(Array(3).fill('Liveness probe errored and resulted in unknown state: strconv.Atoi: parsing "http": invalid syntax'));
    expect(h.kills).toHaveLength(0);
  });

  it('reports a redirect to another host as ProbeWarning and counts it as success', async () => {
    const h = harness({ liveness: () => ({ result: 'warning', output: 'Probe terminated redirects, Response body: moved' }) });
    h.manager.addContainer('ns/p', pod({ liveness: { ...httpGet, failureThreshold: 1 } }), 'mynapp', 'c1', 0);
    await h.clock.advance(30_000);
    expect(h.events.map((e) => [e.reason, e.message])).toContainEqual(['ProbeWarning', 'Liveness probe warning: Probe terminated redirects, Response body: moved']);
    expect(h.kills).toHaveLength(0);
  });

  it('stops liveness quietly once the pod is being deleted', async () => {
    const h = harness({ liveness: () => http404 });
    const p = pod({ liveness: httpGet });
    h.manager.addContainer('ns/p', p, 'mynapp', 'c1', 0);
    await h.clock.advance(15_000);
    h.manager.updatePod('ns/p', { ...p, metadata: { ...p.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } });
    await h.clock.advance(60_000);
    expect(h.times('liveness')).toEqual([0, 10]);
    expect(h.kills).toHaveLength(0);
    expect(h.manager.result('c1', 'liveness')).toBe('success');
  });

  it('spreads first probes over a period only when the agent has just started (jitterOnStart)', async () => {
    const h = harness({ liveness: () => ok }, { jitterOnStart: true, random: () => 0.5 });
    h.manager.addContainer('ns/a', pod({ liveness: httpGet }), 'mynapp', 'c1', 0);
    await h.clock.advance(12_000);
    h.manager.addContainer('ns/b', pod({ liveness: httpGet }), 'mynapp', 'c2', 12_000);
    await h.clock.advance(1);
    expect(h.calls.map((c) => [c.containerId, c.at])).toEqual([['c1', 5_000], ['c2', 12_000]]);
  });

  it('runs no sooner than the previous probe finished and then keeps the period phase', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const manager = new ProbeManager({
      clock,
      runProbe: () => {
        starts.push(clock.now());
        // a probe that takes 15 s of a 10 s period
        return new Promise((resolve) => clock.setTimeout(() => resolve(ok), 15_000));
      },
    });
    manager.addContainer('ns/p', pod({ liveness: httpGet }), 'mynapp', 'c1', 0);
    await clock.advance(50_000);
    expect(starts).toEqual([0, 15_000, 30_000, 45_000]);
  });
});

describe('ProbeManager readiness', () => {
  it('is not ready until the first success, then flips with the thresholds', async () => {
    const seq = [http404, ok, ok, http404, http404, http404, ok, ok];
    const h = harness({ readiness: (n) => seq[n - 1] ?? ok });
    h.manager.addContainer('ns/p', pod({ readiness: { ...httpGet, periodSeconds: 5, successThreshold: 2 } }), 'mynapp', 'c1', 0);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(false);
    const readyAt: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      await h.clock.advance(i === 0 ? 0 : 5_000);
      readyAt.push(h.manager.isReady('ns/p', 'mynapp'));
    }
    // t=0 fail, 5 ok, 10 ok (2 in a row: ready), 15/20 fail (below 3), 25 fail (not ready), 30 ok, 35 ok (ready)
    expect(readyAt).toEqual([false, false, true, true, true, false, false, true]);
    expect(h.results.filter((r) => r.probeType === 'readiness').map((r) => [r.result, r.at / 1000])).toEqual([
      ['failure', 0],
      ['success', 10],
      ['failure', 25],
      ['success', 35],
    ]);
    expect(h.events.map((e) => e.message)[0]).toBe('Readiness probe failed: HTTP probe failed with statuscode: 404');
    expect(h.kills).toHaveLength(0);
  });

  it('is ready as soon as it runs when the container has no readiness probe', () => {
    const h = harness({});
    h.manager.addContainer('ns/p', pod({}), 'mynapp', 'c1', 0);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(true);
    expect(h.manager.isStarted('ns/p', 'mynapp')).toBe(true);
    expect(h.manager.isReady('ns/p', 'other')).toBe(false);
  });

  it('starts a restarted container not ready again (results are keyed by container id)', async () => {
    const h = harness({ readiness: () => ok });
    const p = pod({ readiness: httpGet });
    h.manager.addContainer('ns/p', p, 'mynapp', 'c1', 0);
    await h.clock.advance(0);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(true);
    h.manager.addContainer('ns/p', p, 'mynapp', 'c2', 1_000);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(false);
    await h.clock.advance(1_000);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(true);
    h.manager.removeContainer('ns/p', 'mynapp', 'c1');
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(true);
    h.manager.removeContainer('ns/p', 'mynapp');
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(false);
    await h.clock.advance(30_000);
    expect(h.times('readiness')).toEqual([0, 1]);
  });
});

describe('ProbeManager startup', () => {
  it('holds liveness and readiness until the startup probe succeeds, then runs readiness at once', async () => {
    const h = harness({
      startup: (n) => (n < 3 ? { result: 'failure', output: 'dial tcp 10.244.1.5:8080: connect: connection refused' } : ok),
      liveness: () => ok,
      readiness: () => ok,
    });
    h.manager.addContainer('ns/p', pod({
      startup: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 30 },
      liveness: { ...httpGet, periodSeconds: 7 },
      readiness: { ...httpGet, periodSeconds: 7 },
    }), 'mynapp', 'c1', 0);
    expect(h.manager.isStarted('ns/p', 'mynapp')).toBe(false);
    await h.clock.advance(19_999);
    expect(h.times('liveness')).toEqual([]);
    expect(h.times('readiness')).toEqual([]);
    expect(h.manager.isStarted('ns/p', 'mynapp')).toBe(false);
    await h.clock.advance(1);
    expect(h.manager.isStarted('ns/p', 'mynapp')).toBe(true);
    expect(h.times('readiness')).toEqual([20]);
    expect(h.manager.isReady('ns/p', 'mynapp')).toBe(true);
    await h.clock.advance(20_000);
    expect(h.times('startup')).toEqual([0, 10, 20]);
    expect(h.times('liveness')).toEqual([21, 28, 35]);
    expect(h.times('readiness')).toEqual([20, 21, 28, 35]);
    expect(h.events.map((e) => e.message)).toEqual(Array(2).fill('Startup probe failed: dial tcp 10.244.1.5:8080: connect: connection refused'));
  });

  it('kills a container whose startup probe reaches failureThreshold', async () => {
    const h = harness({ startup: () => ({ result: 'failure', output: '' }), liveness: () => ok });
    h.manager.addContainer('ns/p', pod({ startup: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5, failureThreshold: 2 }, liveness: httpGet }), 'mynapp', 'c1', 0);
    await h.clock.advance(30_000);
    expect(h.kills.map((k) => [k.reason, k.message, k.at])).toEqual([['startup', 'Container mynapp failed startup probe, will be restarted', 5_000]]);
    expect(h.times('liveness')).toEqual([]);
    expect(h.manager.isStarted('ns/p', 'mynapp')).toBe(false);
  });
});

describe('ProbeManager config and bookkeeping', () => {
  it('rejects a bad config with ProbeError', () => {
    expect(() => new ProbeManager({ clock: { now: () => 0 } as unknown as ProbeClock })).toThrow(ProbeError);
    expect(() => new ProbeManager({ execSync: 42 as unknown as undefined })).toThrow(/execSync must be a function/);
  });

  it('rejects a container the pod does not have', () => {
    const h = harness({});
    expect(() => h.manager.addContainer('ns/p', pod({}), 'nope', 'c1', 0)).toThrow(ProbeError);
  });

  it('stops every worker on removePod and stop()', async () => {
    const h = harness({ liveness: () => ok, readiness: () => ok });
    h.manager.addContainer('ns/a', pod({ liveness: httpGet }), 'mynapp', 'c1', 0);
    h.manager.addContainer('ns/b', pod({ readiness: httpGet }), 'mynapp', 'c2', 0);
    await h.clock.advance(0);
    h.manager.removePod('ns/a');
    await h.clock.advance(10_000);
    h.manager.stop();
    await h.clock.advance(50_000);
    expect(h.calls.map((c) => [c.containerId, c.at])).toEqual([['c1', 0], ['c2', 0], ['c2', 10_000]]);
    expect(h.manager.result('c1', 'liveness')).toBeUndefined();
    await h.manager.idle();
  });
});
