// The progress model: steps kept as history in order, replaced in place as they change,
// pushed to listeners; and the lab's real log lines (host and VM starts) turned into
// the steps the Setup view shows.
import { describe, expect, it } from 'vitest';
import { progressSummary, upsertStep } from '../../common/bridge/setup.js';
import type { ProgressStep } from '../../common/bridge/setup.js';
import { LabSteps } from './lab-steps.js';
import { ProgressLog } from './progress-log.js';

function clock(): () => number {
  let t = 1_000_000;
  return () => (t += 100);
}

const brief = (steps: ProgressStep[]): string[] => steps.map((s) => `${s.id}:${s.state}`);

describe('ProgressLog', () => {
  it('keeps every step in order, updates in place, and tells listeners', () => {
    const log = new ProgressLog(clock());
    const seen: string[] = [];
    const off = log.subscribe((s) => seen.push(`${s.id}:${s.state}`));
    log.pending('b', 'start', 'k.b');
    log.begin('a', 'start', 'k.a', { node: 'n1' });
    log.update('a', { percent: 40, detail: 'halfway' });
    log.done('a', 'ok');
    log.update('b', { detail: 'now' }); // a pending step that reports is running
    log.fail('b', 'boom');
    off();
    log.begin('c', 'start', 'k.c');
    expect(brief(log.snapshot())).toEqual(['b:failed', 'a:done', 'c:running']);
    expect(seen).toEqual(['b:pending', 'a:running', 'a:running', 'a:done', 'b:running', 'b:failed']);
    const a = log.snapshot()[1]!;
    expect(a).toMatchObject({ title: { key: 'k.a', params: { node: 'n1' } }, detail: 'ok', percent: 100 });
    expect(a.endedAt! - a.startedAt).toBeGreaterThan(0);
    expect(log.running()).toHaveLength(1);
  });

  it('a finished step does not change again; a step begun again starts over at the end', () => {
    const log = new ProgressLog(clock());
    log.begin('x', 'start', 'k');
    log.done('x');
    log.update('x', { detail: 'late' });
    expect(log.snapshot()[0]?.detail).toBeUndefined();
    log.begin('y', 'start', 'k');
    log.begin('x', 'add', 'k');
    expect(brief(log.snapshot())).toEqual(['y:running', 'x:running']);
    expect(log.snapshot()[1]?.operation).toBe('add');
  });

  it('upsertStep and progressSummary (the renderer side)', () => {
    const s = (id: string, state: ProgressStep['state']): ProgressStep => ({ id, operation: 'o', title: { key: 'k' }, state, startedAt: 0 });
    let list = upsertStep([], s('a', 'running'));
    list = upsertStep(list, s('b', 'done'));
    list = upsertStep(list, s('a', 'failed'));
    expect(brief(list)).toEqual(['a:failed', 'b:done']);
    expect(progressSummary(list)).toEqual({ total: 2, finished: 2, failed: 1, running: 0 });
  });
});

describe('LabSteps from the lab output', () => {
  it('follows a host lab start: images, registry, each node network → containerd → agent', () => {
    const steps = new LabSteps(new ProgressLog(clock()));
    steps.progress.begin('nodes', 'start', 'setup.steps.nodes');
    steps.expectNodes(2);
    for (const line of [
      'images: building the offline lab images from Debian packages (first start only)',
      'images: nginx 1.22 ok',
      'registry: serving the lab images on http://10.235.0.1:5000',
      'network: node node-1 10.235.0.11 (netns k8s-lab-ab12-node-1)',
      'node node-1: started (10.235.0.11, containerd /tmp/d/nodes/node-1/containerd.sock)',
      'network: node node-2 10.235.0.12 (netns k8s-lab-ab12-node-2)',
    ]) steps.line(line);
    expect(brief(steps.progress.snapshot())).toEqual([
      'nodes:running',
      'images:done',
      'registry:done',
      'node/node-1/network:done',
      'node/node-1/containerd:done',
      'node/node-1/agent:running',
      'node/node-2/network:done',
      'node/node-2/containerd:running',
    ]);
    expect(steps.progress.snapshot()[0]?.percent).toBe(50);
    expect(steps.progress.snapshot().find((s) => s.id === 'registry')?.detail).toBe('http://10.235.0.1:5000');
    steps.nodeReady('node-1', 'Ready (KubeletReady)');
    expect(steps.progress.state('node/node-1/agent')).toBe('done');
    expect(steps.progress.snapshot().find((s) => s.id === 'node/node-1/containerd')?.title).toEqual({ key: 'setup.steps.nodeContainerd', params: { node: 'node-1' } });
  });

  it('follows a VM start: node image, accelerator probe, VM → boot → agent, and a failed boot', () => {
    const steps = new LabSteps(new ProgressLog(clock()));
    for (const line of [
      'node image: /x/vm-images/out/node (kernel 6.1.0-28-cloud-amd64, built 2026-11-23T16:31:00Z)',
      'qemu: probing kvm (a 8 s test boot)',
      'qemu: TCG software emulation: kvm is present but a test boot hung, so nodes boot slowly (about ten times slower)',
      'node node-1: VM started (tcg, 1 vCPU, 768 MiB, 10.240.0.11, ssh 127.0.0.1:40001); console: /d/nodes/node-1/serial.log',
      'node node-1: SSH up 31.2 s after QEMU start',
      'node node-1: agent registered 38.9 s after QEMU start (Ready=True)',
      'node node-2: VM started (tcg, 1 vCPU, 768 MiB, 10.240.0.12, ssh 127.0.0.1:40003); console: /d/nodes/node-2/serial.log',
      'node node-2: provisioning failed: the VM exited during boot',
    ]) steps.line(line);
    expect(brief(steps.progress.snapshot())).toEqual([
      'node-image:done',
      'accelerator:done',
      'node/node-1/vm:done',
      'node/node-1/boot:done',
      'node/node-1/agent:done',
      'node/node-2/vm:done',
      'node/node-2/boot:failed',
    ]);
    const byId = new Map(steps.progress.snapshot().map((s) => [s.id, s]));
    expect(byId.get('accelerator')?.detail).toMatch(/^TCG software emulation/);
    expect(byId.get('node/node-1/boot')?.title.params).toEqual({ node: 'node-1', accel: 'TCG' });
    expect(byId.get('node/node-1/vm')?.detail).toBe('tcg, 1 vCPU, 768 MiB, 10.240.0.11, ssh 127.0.0.1:40001');
    expect(byId.get('node/node-2/boot')?.detail).toBe('provisioning failed: the VM exited during boot');
  });

  it('ignores lines it does not know', () => {
    const steps = new LabSteps(new ProgressLog(clock()));
    steps.line('apiserver: serving on https://127.0.0.1:6443');
    steps.line('scheduler: started (default-scheduler)');
    expect(steps.progress.snapshot()).toEqual([]);
  });
});
