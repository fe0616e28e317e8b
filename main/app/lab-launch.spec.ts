// The app's first run, outside Electron: no lab state → the Setup view's choice starts
// the lab and is remembered; a failed start can be retried; later runs start with the
// remembered choice. The LateBridge answers Setup before the lab exists and hands every
// other channel to the full bridge once it is up.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeService } from '../bridge/bridge-service.js';
import { LateBridge } from '../bridge/setup/late-bridge.js';
import { SetupService } from '../bridge/setup/setup-service.js';
import type { BridgeEventName } from '../common/bridge/contract.js';
import type { LabOptions, LabRuntime } from '../lab-runtime.js';
import { AppLab, isFirstRun, readLabChoice } from './lab-launch.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'k8s-lab-app-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fakeRuntime = (opts: LabOptions): LabRuntime =>
  ({ cp: { kubeconfigPath: join(opts.dataDir, 'kubeconfig'), apiServer: { url: 'https://127.0.0.1:6443' } }, started: { provider: opts.provider, nodes: opts.nodes }, steps: opts.steps }) as unknown as LabRuntime;

describe('AppLab', () => {
  it('waits for the choice on first run, starts with it, remembers it', async () => {
    const calls: LabOptions[] = [];
    let started: LabRuntime | undefined;
    const lab = new AppLab({
      dataDir: dir,
      env: {},
      log: () => undefined,
      startLab: (opts) => {
        calls.push(opts);
        opts.steps?.progress.begin('control-plane', 'start', 'setup.steps.controlPlane');
        return Promise.resolve(fakeRuntime(opts));
      },
      onStarted: (rt) => (started = rt),
    });
    const ctx = lab.context();
    expect(isFirstRun(dir)).toBe(true);
    expect(ctx.phase()).toBe('first-run');
    expect(ctx.kubeconfigPath).toBeUndefined();
    await lab.start({ provider: 'qemu', nodes: 3, cpus: 2, memoryMiB: 1024 });
    expect(calls[0]).toMatchObject({ dataDir: dir, provider: 'qemu', nodes: 3, port: 6443, etcdPort: 2379, vm: { cpus: 2, memoryMiB: 1024 } });
    expect(calls[0]?.steps).toBe(lab.steps); // the window's progress history is the start's
    expect(ctx.phase()).toBe('running');
    expect(ctx.kubeconfigPath).toBe(join(dir, 'kubeconfig'));
    expect(started).toBeDefined();
    expect(lab.steps.progress.snapshot().map((s) => s.id)).toEqual(['control-plane']);
    expect(readLabChoice(dir)).toEqual({ provider: 'qemu', nodes: 3, cpus: 2, memoryMiB: 1024 });
    expect(isFirstRun(dir)).toBe(false);
    await lab.start({ provider: 'host', nodes: 1, cpus: 1, memoryMiB: 768 }); // already running: nothing
    expect(calls).toHaveLength(1);
  });

  it('shows a failed start and lets the user choose again', async () => {
    let fail = true;
    const lab = new AppLab({
      dataDir: dir,
      env: {},
      log: () => undefined,
      startLab: (opts) => (fail ? Promise.reject(new Error('port 6443 is in use')) : Promise.resolve(fakeRuntime(opts))),
      onStarted: () => undefined,
    });
    const ctx = lab.context();
    await expect(lab.start({ provider: 'host', nodes: 1, cpus: 1, memoryMiB: 768 })).rejects.toThrow('port 6443');
    expect(ctx.phase()).toBe('failed');
    expect(ctx.error?.()).toBe('port 6443 is in use');
    expect(readLabChoice(dir)).toBeUndefined();
    fail = false;
    await lab.start({ provider: 'host', nodes: 1, cpus: 1, memoryMiB: 768 });
    expect(ctx.phase()).toBe('running');
    expect(ctx.error?.()).toBeUndefined();
  });

  it('later runs start at once with the remembered choice (host, no nodes, for a lab the CLI made)', async () => {
    writeFileSync(join(dir, 'setup.json'), JSON.stringify({ provider: 'qemu', nodes: 2, cpus: 1, memoryMiB: 768 }));
    const calls: LabOptions[] = [];
    const lab = new AppLab({ dataDir: dir, env: {}, log: () => undefined, startLab: (o) => (calls.push(o), Promise.resolve(fakeRuntime(o))), onStarted: () => undefined });
    expect(lab.phase()).toBe('starting');
    await lab.startRemembered();
    expect(calls[0]).toMatchObject({ provider: 'qemu', nodes: 2 });
    rmSync(join(dir, 'setup.json'));
    writeFileSync(join(dir, 'kubeconfig'), '');
    const cli = new AppLab({ dataDir: dir, env: {}, log: () => undefined, startLab: (o) => (calls.push(o), Promise.resolve(fakeRuntime(o))), onStarted: () => undefined });
    expect(cli.phase()).toBe('starting');
    await cli.startRemembered();
    expect(calls[1]).toMatchObject({ provider: 'host', nodes: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'setup.json'), 'utf8'))).toMatchObject({ provider: 'host', nodes: 0 });
  });
});

describe('LateBridge', () => {
  it('serves Setup before the lab, 503 for the rest, then hands over to the full bridge', async () => {
    const lab = new AppLab({ dataDir: dir, env: {}, log: () => undefined, startLab: (o) => Promise.resolve(fakeRuntime(o)), onStarted: () => undefined });
    const bridge = new LateBridge(new SetupService(lab.context(), () => ({})));
    const events: [BridgeEventName, unknown][] = [];
    const session = bridge.openSession((e, p) => events.push([e, p]));
    const state = await session.handle('setup:state', {});
    expect(state).toMatchObject({ ok: true, result: { phase: 'first-run' } });
    expect(await session.handle('cluster:info', {})).toEqual({ ok: true, result: { apiServer: '', provider: null, nodeCount: 0 } });
    expect(await session.handle('resources:list', { kind: 'pods' })).toMatchObject({ ok: false, error: { code: 503, reason: 'ServiceUnavailable' } });
    const watch = await session.handle('setup:watchProgress', {});
    expect(watch).toMatchObject({ ok: true, result: { watchId: 'p1', steps: [] } });
    lab.steps.progress.begin('control-plane', 'start', 'setup.steps.controlPlane');
    expect(events).toHaveLength(1);
    expect(events[0]?.[0]).toBe('setup:progress');

    const full = { openSession: () => ({ handle: (c: unknown) => Promise.resolve({ ok: true, result: `full:${String(c)}` }), close: () => undefined }) } as unknown as BridgeService;
    bridge.attach(full);
    expect(await session.handle('resources:list', { kind: 'pods' })).toEqual({ ok: true, result: 'full:resources:list' });
    // setup stays with the session that owns the progress stream
    expect(await session.handle('setup:unwatchProgress', { watchId: 'p1' })).toEqual({ ok: true, result: { stopped: true } });
    lab.steps.progress.done('control-plane');
    expect(events).toHaveLength(1);
    session.close();
  });
});
