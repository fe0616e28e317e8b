// The QEMU node provider: each node is a VM with its own kernel, containerd and agent.
// Per node: a qcow2 overlay on the read-only base image (its state survives restarts),
// a config tar given by fw_cfg (identity, certificates, keys), its serial console in
// serial.log, forwards on 127.0.0.1 for SSH and the kubelet, and a NIC on the lab's
// switch. Once a node boots the provider logs in over SSH (pinned host key), brings
// the agent bundle up to date and reports how long the boot took.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ApiClient } from '../../common/client/api-client.js';
import type { Cidr } from '../../common/cidr.js';
import type { Pki } from '../../control-plane/pki/index.js';
import { generateHostKey } from '../../provision/keys.js';
import type { LabKey } from '../../provision/keys.js';
import type { KnownHosts } from '../../provision/known-hosts.js';
import { installAgent } from '../../provision/provision.js';
import { NodeSsh } from '../../provision/ssh-session.js';
import { issueNodeCredentials } from '../node-identity.js';
import type { NodeAccess, NodeInfo, NodeProvider } from '../provider.js';
import { allocateNode, findNode, NodeProviderError } from '../provider.js';
import type { NodeImage } from '../../../vm-images/node/manifest.js';
import { GUEST } from './guest-layout.js';
import { writeNodeConfigTar } from './node-config.js';
import type { NodeConfigInput } from './node-config.js';
import { nodeMacs } from './qemu-args.js';
import type { Accelerator, VmSpec } from './qemu-args.js';
import { QemuVm, VmError } from './qemu-vm.js';

const run = promisify(execFile);

export interface QemuProviderOptions {
  dataDir: string;
  labId: string;
  image: NodeImage;
  accel: Accelerator;
  nodeCidr: Cidr;
  switchSocket: string;
  services: VmSpec['services'];
  pki: Pki;
  etcdClient?: NodeConfigInput['etcd'];
  admin: ApiClient;
  labKey: LabKey;
  knownHosts: KnownHosts;
  /** per node; defaults 1 vCPU, 768 MiB */
  cpus?: number;
  memoryMiB?: number;
  /** agent.json extras (timings for tests) */
  agentConfig?: Record<string, unknown>;
  /** dist/agent: uploaded when it differs from the node's */
  agentBundleDir: string;
  /** e.g. port => `socat - TCP:127.0.0.1:${port}` */
  connectCommand: (port: number) => string;
  log: (line: string) => void;
}

interface NodeRecord {
  name: string;
  index: number;
  stopped?: boolean;
  sshPort?: number;
  kubeletPort?: number;
  hostKey?: { privateKey: string; publicKey: string };
}

interface VmNode {
  rec: NodeRecord;
  ip: string;
  state: NodeInfo['state'];
  vm?: QemuVm;
  ssh?: NodeSsh;
  /** the boot's provisioning (SSH, agent upgrade, registration), settled when done or failed */
  provisioned?: Promise<void>;
}

/** A free TCP port on 127.0.0.1 (QEMU binds it a moment later; a lost race is retried). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class QemuNodeProvider implements NodeProvider {
  readonly kind = 'qemu' as const;
  private readonly nodes = new Map<string, VmNode>();
  private readonly stateFile: string;

  constructor(private readonly o: QemuProviderOptions) {
    this.stateFile = join(o.dataDir, 'nodes.json');
  }

  nodeDir(name: string): string {
    return join(this.o.dataDir, 'nodes', name);
  }

  private records(): NodeRecord[] {
    if (!existsSync(this.stateFile)) return [];
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as NodeRecord[];
  }

  private async save(): Promise<void> {
    await writeFile(this.stateFile, JSON.stringify([...this.nodes.values()].map((n) => n.rec), null, 2) + '\n', { mode: 0o600 });
  }

  list(): NodeInfo[] {
    return [...this.nodes.values()].map((n) => ({ name: n.rec.name, ip: n.ip, state: n.state }));
  }

  /** where the API server dials a node's kubelet */
  kubeletRoute(name: string): { host: string; port: number } | undefined {
    const n = this.nodes.get(name);
    return n?.state === 'running' && n.rec.kubeletPort ? { host: '127.0.0.1', port: n.rec.kubeletPort } : undefined;
  }

  /** the running VMs (the NodePort forwarder picks one) */
  runningVms(): { name: string; vm: QemuVm }[] {
    return [...this.nodes.values()].filter((n) => n.state === 'running' && n.vm?.running).map((n) => ({ name: n.rec.name, vm: n.vm! }));
  }

  /** the lab process's SSH session to a node (connected once it booted) */
  async ssh(name: string): Promise<NodeSsh> {
    const n = this.get(name);
    if (n.state !== 'running') throw new NodeProviderError(`node "${name}" is not running`, 'Invalid');
    await n.provisioned;
    if (!n.ssh) throw new NodeProviderError(`node "${name}": no SSH session (see ${join(this.nodeDir(name), 'serial.log')})`, 'Failed');
    return n.ssh;
  }

  /** waits until every running node is provisioned (SSH up, agent current) */
  async ready(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.provisioned ?? Promise.resolve()));
  }

  async restore(count: number): Promise<void> {
    for (const rec of this.records()) {
      this.nodes.set(rec.name, { rec, ip: this.o.nodeCidr.at(10 + rec.index), state: 'stopped' });
      // one node that cannot start (a damaged disk) must not keep the lab down: `node remove` needs it up
      if (!rec.stopped) {
        await this.start(rec.name).catch((e: unknown) => {
          this.nodes.get(rec.name)!.state = 'crashed';
          this.o.log(`node ${rec.name}: cannot start: ${(e as Error).message}`);
        });
      }
    }
    while (this.nodes.size < count) await this.add();
    await this.save();
  }

  async add(name?: string): Promise<NodeInfo> {
    const { name: nodeName, index } = allocateNode(this.nodes, name);
    const rec: NodeRecord = { name: nodeName, index, hostKey: generateHostKey(`k8s-lab-${nodeName}`) };
    this.o.knownHosts.pin(nodeName, rec.hostKey!.publicKey);
    this.nodes.set(nodeName, { rec, ip: this.o.nodeCidr.at(10 + index), state: 'stopped' });
    await this.save();
    await this.start(nodeName);
    return this.info(nodeName);
  }

  private info(name: string): NodeInfo {
    const n = this.get(name);
    return { name, ip: n.ip, state: n.state };
  }

  private get(name: string): VmNode {
    return findNode(this.nodes, name);
  }

  async start(name: string): Promise<void> {
    const n = this.get(name);
    if (n.state === 'running' && n.vm?.running) return;
    await this.release(n);
    const dir = this.nodeDir(name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const disk = join(dir, 'disk.qcow2');
    if (!existsSync(disk)) {
      // the overlay records only what this node writes; the base stays read-only and shared
      await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', this.o.image.disk, disk]).catch((e: Error) => {
        throw new NodeProviderError(`node ${name}: qemu-img create failed: ${e.message} (apt-get install -y qemu-utils)`);
      });
    }
    if (!n.rec.hostKey) {
      n.rec.hostKey = generateHostKey(`k8s-lab-${name}`);
      this.o.knownHosts.pin(name, n.rec.hostKey.publicKey);
    }
    const credentials = await issueNodeCredentials(this.o.pki, name, [n.ip]);
    const configTar = join(dir, 'config.tar');
    await writeNodeConfigTar(configTar, {
      name,
      ip: n.ip,
      prefix: this.o.nodeCidr.prefix,
      credentials,
      etcd: this.o.etcdClient,
      hostKey: n.rec.hostKey,
      authorizedKey: this.o.labKey.publicKey,
      agent: this.o.agentConfig,
    });
    const started = Date.now();
    let lastError: Error | undefined;
    // a forwarded port taken between choosing it and QEMU binding it: choose again
    for (let attempt = 0; attempt < 3 && !n.vm; attempt++) {
      const sshPort = attempt === 0 && n.rec.sshPort ? n.rec.sshPort : await freePort();
      const kubeletPort = attempt === 0 && n.rec.kubeletPort ? n.rec.kubeletPort : await freePort();
      const spec: VmSpec = {
        name,
        accel: this.o.accel,
        cpus: this.o.cpus ?? 1,
        memoryMiB: this.o.memoryMiB ?? 768,
        kernel: this.o.image.kernel,
        initrd: this.o.image.initrd,
        disk,
        configTar,
        serialLog: join(dir, 'serial.log'),
        qmpSocket: join(this.o.dataDir, 'run', `${name}.qmp`),
        pidFile: join(dir, 'qemu.pid'),
        switchSocket: this.o.switchSocket,
        macs: nodeMacs(this.o.labId, n.rec.index),
        sshPort,
        kubeletPort,
        services: this.o.services,
        connectCommand: this.o.connectCommand,
      };
      await mkdir(join(this.o.dataDir, 'run'), { recursive: true, mode: 0o700 });
      try {
        n.vm = await QemuVm.start(spec);
        n.rec.sshPort = sshPort;
        n.rec.kubeletPort = kubeletPort;
      } catch (e) {
        lastError = e as Error;
        if (!(e instanceof VmError && e.code === 'PortInUse')) break;
      }
    }
    if (!n.vm) throw new NodeProviderError(lastError?.message ?? `node ${name}: QEMU did not start`, 'Failed');
    const vm = n.vm;
    n.state = 'running';
    n.rec.stopped = false;
    await this.save();
    this.o.log(`node ${name}: VM started (${this.o.accel}, ${vm.spec.cpus} vCPU, ${vm.spec.memoryMiB} MiB, ${n.ip}, ssh 127.0.0.1:${vm.spec.sshPort}); console: ${vm.spec.serialLog}`);
    void vm.exited.then((code) => {
      if (n.vm !== vm) return;
      if (n.state === 'running') {
        n.state = 'crashed';
        // during boot (no SSH yet) provision() reports the exit with the console's last lines
        if (n.ssh) this.o.log(`node ${name}: QEMU exited (${code ?? 'signal'})${vm.lastError() ? `: ${vm.lastError()}` : ''}; see ${vm.spec.serialLog}`);
      }
    });
    n.provisioned = this.provision(n, vm, started).catch((e: unknown) => this.o.log(`node ${name}: provisioning failed: ${(e as Error).message}`));
  }

  /** SSH in once the node has booted, bring the agent up to date, and time the boot. */
  private async provision(n: VmNode, vm: QemuVm, started: number): Promise<void> {
    const name = n.rec.name;
    // a guest that panics or halts makes QEMU exit (-no-reboot, panic=-1): stop waiting for SSH then
    const vmExited = new AbortController();
    let exitCode: number | null | undefined;
    void vm.exited.then((code) => {
      exitCode = code;
      vmExited.abort();
    });
    const ssh = await NodeSsh.connect({
      host: '127.0.0.1',
      port: vm.spec.sshPort,
      privateKey: this.o.labKey.privateKey,
      hostKey: this.o.knownHosts.check(name, { address: `127.0.0.1:${vm.spec.sshPort}` }),
      retryForMs: this.o.accel === 'tcg' ? 180_000 : 60_000,
      readyTimeoutMs: 20_000,
      signal: vmExited.signal,
    }).catch((e: unknown) => {
      if (!vmExited.signal.aborted || n.vm !== vm || n.state === 'stopped') throw e;
      const tail = vm.consoleTail().replace(/^/gm, '    ');
      throw new NodeProviderError(
        `the VM exited during boot (QEMU exit ${exitCode ?? 'by signal'}${vm.lastError() ? `: ${vm.lastError()}` : ''}) before SSH came up; it never booted. ` +
          `The last lines of its console (${vm.spec.serialLog}):\n${tail}\n` +
          `  A kernel panic or a missing init means a damaged node image: rebuild it with npm run build:images -- --force; if only this node fails, remove it (k8s-lab node remove ${name}) and add it again.`,
      );
    });
    if (n.vm !== vm) {
      void ssh.close();
      return;
    }
    n.ssh = ssh;
    this.o.log(`node ${name}: SSH up ${((Date.now() - started) / 1000).toFixed(1)} s after QEMU start`);
    const result = await installAgent(ssh, { bundleDir: this.o.agentBundleDir, remoteDir: GUEST.agentDir });
    if (result.changed) {
      this.o.log(`node ${name}: agent bundle updated (${result.uploaded.length} files); restarting the agent`);
      await ssh.exec('k8s-lab-service restart agent');
    }
    await this.waitRegistered(name, started);
  }

  /** Logs the time from QEMU start to the agent's first heartbeat after it. */
  private async waitRegistered(name: string, started: number): Promise<void> {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const node = await this.o.admin.get({ group: '', version: 'v1', resource: 'nodes' }, name).catch(() => undefined);
      const ready = ((node?.status as { conditions?: { type: string; status: string; lastHeartbeatTime?: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
      if (ready?.lastHeartbeatTime && Date.parse(ready.lastHeartbeatTime) >= Math.floor(started / 1000) * 1000) {
        this.o.log(`node ${name}: agent registered ${((Date.now() - started) / 1000).toFixed(1)} s after QEMU start (Ready=${ready.status})`);
        return;
      }
      if (this.nodes.get(name)?.state !== 'running') return;
      await new Promise((r) => setTimeout(r, 500));
    }
    this.o.log(`node ${name}: the agent did not report within 300 s; see ${join(this.nodeDir(name), 'serial.log')} and /var/log/k8s-lab/agent.log on the node`);
  }

  /** Closes what the last boot left (SSH, a dead VM's QMP). */
  private async release(n: VmNode): Promise<void> {
    void n.ssh?.close();
    n.ssh = undefined;
    if (n.vm) await n.vm.kill().catch(() => undefined);
    n.vm = undefined;
  }

  /** Clean stop: the node's init stops its services and powers off; QMP quit if it does not. */
  async stop(name: string): Promise<void> {
    const n = this.get(name);
    n.state = 'stopped';
    n.rec.stopped = true;
    await this.save();
    await this.powerOff(n);
    this.o.log(`node ${name}: stopped`);
  }

  private async powerOff(n: VmNode): Promise<void> {
    const vm = n.vm;
    // a stop, not a crash: the exit that follows is expected
    if (n.state === 'running') n.state = 'stopped';
    if (vm?.running) {
      // SIGTERM to the node's init: it stops dockerd, the agent, containerd and sshd, then powers off
      if (n.ssh) void n.ssh.exec('kill -TERM 1').catch(() => undefined);
      await vm.waitOrQuit(n.ssh ? 20_000 : 0);
    }
    await this.release(n);
  }

  /** kill -9 the VM: no shutdown, the node just disappears (the node controller takes it from there). */
  async crash(name: string): Promise<void> {
    const n = this.get(name);
    if (n.state !== 'running') throw new NodeProviderError(`node "${name}" is not running`, 'Invalid');
    n.state = 'crashed';
    await this.release(n);
    this.o.log(`node ${name}: crashed (VM killed)`);
  }

  async remove(name: string): Promise<void> {
    const n = this.get(name);
    n.state = 'stopped';
    await this.release(n);
    this.nodes.delete(name);
    await this.save();
    this.o.knownHosts.remove(name);
    await this.o.admin.delete({ group: '', version: 'v1', resource: 'nodes' }, name).catch(() => undefined);
    await rm(this.nodeDir(name), { recursive: true, force: true });
    this.o.log(`node ${name}: removed`);
  }

  access(name: string): NodeAccess {
    this.get(name);
    return { kind: 'qemu', name, nodeDir: this.nodeDir(name), ssh: () => this.ssh(name) };
  }

  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.nodes.values()].map(async (n) => {
        await this.powerOff(n).catch((e: unknown) => this.o.log(`node ${n.rec.name}: ${String(e)}`));
        n.state = 'stopped';
      }),
    );
  }
}
