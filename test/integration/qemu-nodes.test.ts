// Issue 5's acceptance on real VM nodes: the node image built from Debian packages,
// `k8s-lab up --nodes 2 --provider qemu` (TCG here), the seeds' exercise 1 first steps
// with real kubectl, pod-to-pod and Service traffic across the VMs, a NodePort from the
// host, crictl/ctr/docker inside a node over SSH, and a node crash with recovery.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../main/control-plane/controllers/kwok.fixture.js';
import type { Lab } from './support/lab.js';
import { removeDir, ROOT, startLab } from './support/lab.js';
import { ensureBuiltNodeImage } from './support/node-image.js';
import { requireTool } from './support/tools.js';

let lab: Lab;
const k = (...args: string[]): string => lab.kubectl(args).stdout;

/** `k8s-lab node exec NAME -- CMD…` as a user runs it (over SSH for VM nodes) */
function nodeExec(node: string, ...command: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'node', 'exec', node, '--data-dir', lab.dataDir, '--', ...command], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function nodeCli(...args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'node', ...args, '--data-dir', lab.dataDir], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`k8s-lab node ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Pod {
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string };
}
const pod = (name: string): Pod => JSON.parse(k('get', 'pod', name, '-o', 'json') || '{}') as Pod;

/**
 * One short-lived attempt per call: a SYN sent before the node's Service rules exist
 * leaves a conntrack entry without DNAT, and the retransmits of that same connection
 * never get NATed (as on any kube-proxy node) — only a new connection does.
 */
function fetchFromClient(url: string): { stdout: string } {
  return lab.kubectl(['exec', 'client', '--', 'timeout', '10', 'wget', '-qO-', url]);
}

function dumpOnFailure(): string {
  const serial = ['node-1', 'node-2'].map((n) => {
    const f = join(lab.dataDir, 'nodes', n, 'serial.log');
    return existsSync(f) ? `--- ${n} serial (tail)\n${readFileSync(f, 'latin1').split('\n').slice(-40).join('\n')}` : '';
  });
  return [k('get', 'nodes', '-o', 'wide'), k('get', 'pods', '-A', '-o', 'wide'), lab.output.slice(-30).join('\n'), ...serial].join('\n');
}

beforeAll(async () => {
  for (const tool of ['qemu-system-x86_64', 'qemu-img', 'socat', 'mmdebstrap', 'mkfs.ext4']) requireTool(tool);
  // the node image from Debian packages (reused when its inputs are unchanged); sizes and times printed
  ensureBuiltNodeImage();
  lab = await startLab({
    extraArgs: [
      '--nodes', '2', '--provider', 'qemu', '--accel', 'tcg',
      '--node-cidr', '10.243.0.0/24', '--cluster-cidr', '10.246.0.0/16',
      // short timings for the crash check; under TCG a heartbeat can lag a few seconds
      '--node-monitor-grace-period', '40s', '--node-monitor-period', '2s',
      '--default-not-ready-toleration-seconds', '5', '--default-unreachable-toleration-seconds', '5',
    ],
    readyTimeoutMs: 600_000,
  });
  await waitFor('two Ready VM nodes', () => (k('get', 'nodes', '--no-headers').match(/\sReady\s/g) ?? []).length === 2, 420_000, 1000).catch((e: Error) => {
    throw new Error(`${e.message}\n${dumpOnFailure()}`);
  });
  // the provider's SSH side (provisioning, then "agent registered") done for both nodes
  const provisioned = (): boolean => ['node-1', 'node-2'].every((n) => lab.output.some((l) => l.includes(`node ${n}: agent registered`)));
  await waitFor('both nodes provisioned over SSH', provisioned, 300_000, 1000).catch((e: Error) => {
    throw new Error(`${e.message}\n${dumpOnFailure()}`);
  });
}, 1_500_000);

afterAll(async () => {
  if (!lab) return;
  const code = await lab.stop();
  // every VM powered off with the lab, and every per-connection socat with it
  const left = spawnSync('pgrep', ['-af', `qemu-system.*${lab.dataDir}|socat - TCP:127.0.0.1`], { encoding: 'utf8' }).stdout.trim();
  removeDir(lab.dataDir);
  expect(code).toBe(0);
  expect(left).toBe('');
}, 120_000);

describe('VM nodes (QEMU)', () => {
  it('registers two VM nodes with their own kernel, containerd and addresses on the node network', () => {
    const wide = k('get', 'nodes', '-o', 'wide', '--no-headers');
    expect(wide).toMatch(/^node-1\s+Ready\s+\S+\s+\S+\s+v1\.32\.\d+\s+10\.243\.0\.11\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+\S+-cloud-amd64\s+containerd:\/\/1\.6\.\d+/m);
    expect(wide).toMatch(/^node-2\s+Ready\s.*10\.243\.0\.12\s/m);
    expect(lab.output.join('\n')).toMatch(/node node-1: agent registered [\d.]+ s after QEMU start/);
  });

  it('runs the seeds\' first exercise: kubectl run nginx, Running on a VM node, shown by get pods -o wide', async () => {
    expect(k('run', 'nginx', '--image', 'nginx').trim()).toBe('pod/nginx created');
    await waitFor('nginx Running', () => pod('nginx').status?.phase === 'Running', 240_000, 1000);
    const wide = k('get', 'pods', '-o', 'wide', '--no-headers');
    expect(wide).toMatch(/^nginx\s+1\/1\s+Running\s+0\s+\S+\s+10\.246\.\d+\.\d+\s+node-[12]\s/m);
  }, 300_000);

  it('connects a pod on node 1 to a pod on node 2 by IP and through a Service, and the NodePort from the host', async () => {
    const manifest = (name: string, node: string, image: string, extra: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {app: ${name}}\nspec:\n  nodeName: ${node}\n  containers:\n  - name: main\n    image: ${image}\n${extra}`;
    lab.kubectl(['apply', '-f', '-'], { input: manifest('web', 'node-2', 'nginx', '') });
    lab.kubectl(['apply', '-f', '-'], { input: manifest('client', 'node-1', 'busybox', '    command: [sleep, "3600"]\n') });
    expect(lab.kubectl(['expose', 'pod', 'web', '--port', '80', '--type', 'NodePort']).stdout.trim()).toBe('service/web exposed');
    await waitFor('web and client Running', () => pod('web').status?.phase === 'Running' && pod('client').status?.phase === 'Running', 240_000, 1000);
    const webIp = pod('web').status?.podIP ?? '';
    expect(webIp).toMatch(/^10\.246\./);
    const byIp = await waitFor('client → web by pod IP', () => {
      const r = fetchFromClient(`http://${webIp}/`);
      return r.stdout.includes('Welcome to nginx') ? r.stdout : undefined;
    }, 150_000, 2000);
    expect(byIp).toContain('<title>Welcome to nginx!</title>');
    const svc = JSON.parse(k('get', 'svc', 'web', '-o', 'json')) as { spec: { clusterIP: string; ports: { nodePort: number }[] } };
    const viaService = await waitFor('client → web through the ClusterIP', () => {
      const r = fetchFromClient(`http://${svc.spec.clusterIP}/`);
      return r.stdout.includes('Welcome to nginx') ? r.stdout : undefined;
    }, 150_000, 2000);
    expect(viaService).toContain('Welcome to nginx');
    const nodePort = svc.spec.ports[0]?.nodePort ?? 0;
    const fromHost = await waitFor('the NodePort from the host', async () => {
      const res = await fetch(`http://127.0.0.1:${nodePort}/`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      return res?.ok ? res.text() : undefined;
    }, 60_000, 1000);
    expect(fromHost).toContain('Welcome to nginx');
  }, 400_000);

  it('shows the same containers to crictl and ctr over SSH, and runs Docker beside containerd in its own namespace', () => {
    const node = pod('nginx').spec?.nodeName ?? '';
    const crictl = nodeExec(node, 'crictl', 'ps');
    expect(crictl.code, crictl.stderr).toBe(0);
    const row = crictl.stdout.split('\n').find((l) => /\snginx\s/.test(l) && /\sRunning\s/.test(l));
    expect(row, crictl.stdout).toBeDefined();
    const id = row?.split(/\s+/)[0] ?? '';
    const ctr = nodeExec(node, 'ctr', '-n', 'k8s.io', 'containers', 'ls');
    expect(ctr.code, ctr.stderr).toBe(0);
    expect(ctr.stdout).toMatch(new RegExp(`^${id}[0-9a-f]*\\s+docker\\.io/library/nginx:latest\\s`, 'm'));

    const hello = nodeExec(node, 'docker', 'run', '--rm', 'busybox', 'echo', 'hello from docker');
    expect(hello.code, hello.stderr).toBe(0);
    expect(hello.stdout.trim()).toBe('hello from docker');
    const started = nodeExec(node, 'docker', 'run', '-d', '--name', 'lab-sleeper', 'busybox', 'sleep', '600');
    expect(started.code, started.stderr).toBe(0);
    const dockerId = started.stdout.trim();
    expect(dockerId).toMatch(/^[0-9a-f]{64}$/);
    const moby = nodeExec(node, 'ctr', '-n', 'moby', 'containers', 'ls', '-q');
    expect(moby.stdout.split('\n')).toContain(dockerId);
    // Docker's container is not in CRI's namespace
    expect(nodeExec(node, 'ctr', '-n', 'k8s.io', 'containers', 'ls', '-q').stdout).not.toContain(dockerId);
    const health = nodeExec(node, 'etcdctl', 'endpoint', 'health');
    expect(health.stdout + health.stderr).toMatch(/is healthy/);
    // the node's own logs: its serial console on the host, the agent's over SSH
    expect(nodeCli('logs', 'node-2', 'console')).toContain('k8s-lab-init: agent started');
    expect(nodeCli('logs', 'node-2', 'agent')).toMatch(/registered node node-2/);
  }, 600_000);

  it('node crash: node-1 goes NotReady, its pods move to node-2, node start brings it back Ready', async () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: echo\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: echo}\n  template:\n    metadata:\n      labels: {app: echo}\n    spec:\n      containers:\n      - name: echo\n        image: ghcr.io/subicura/echo:v1\n';
    lab.kubectl(['apply', '-f', '-'], { input: deploy });
    await waitFor('2 echo replicas ready', () => /echo\s+2\/2/.test(k('get', 'deployment', 'echo', '--no-headers')), 300_000, 1000);
    expect(nodeCli('crash', 'node-1').trim()).toBe('node/node-1 crashed');
    expect(nodeCli('list')).toMatch(/^node-1\s+10\.243\.0\.11\s+crashed$/m);
    await waitFor('node-1 NotReady', () => /^node-1\s+NotReady\s/m.test(k('get', 'nodes', '--no-headers')), 120_000, 1000);
    await waitFor('2 echo replicas ready on node-2', () => {
      const pods = k('get', 'pods', '-l', 'app=echo', '-o', 'wide', '--no-headers').split('\n').filter((l) => /\s1\/1\s+Running\s/.test(l));
      return pods.length === 2 && pods.every((l) => /\snode-2\s/.test(l));
    }, 300_000, 1000);
    expect(nodeCli('start', 'node-1').trim()).toBe('node/node-1 started');
    await waitFor('node-1 Ready again', () => /^node-1\s+Ready\s/m.test(k('get', 'nodes', '--no-headers')), 300_000, 1000).catch((e: Error) => {
      throw new Error(`${e.message}\n${dumpOnFailure()}`);
    });
  }, 900_000);

  it('restarting the lab boots the same nodes with their disks, and their pods run again', async () => {
    const before = pod('nginx');
    expect(await lab.stop()).toBe(0);
    lab = await startLab({ dataDir: lab.dataDir, extraArgs: ['--provider', 'qemu', '--accel', 'tcg', '--node-cidr', '10.243.0.0/24', '--cluster-cidr', '10.246.0.0/16'], readyTimeoutMs: 600_000 });
    await waitFor('both nodes Ready after the restart', () => (k('get', 'nodes', '--no-headers').match(/\sReady\s/g) ?? []).length === 2, 420_000, 1000);
    await waitFor('nginx Running again on its node', () => pod('nginx').status?.phase === 'Running', 300_000, 1000);
    expect(pod('nginx').spec?.nodeName).toBe(before.spec?.nodeName);
    // the Docker container made before the restart is still on that node's disk (dockerd starts last: wait for it)
    const node = before.spec?.nodeName ?? '';
    let last = { code: -1, stdout: '', stderr: '' };
    await waitFor('Docker lists the container made before the restart', () => {
      last = nodeExec(node, 'docker', 'ps', '-a', '--format', '{{.Names}}');
      return last.stdout.split('\n').includes('lab-sleeper');
    }, 180_000, 3000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(last)}`);
    });
  }, 1_200_000);
});
