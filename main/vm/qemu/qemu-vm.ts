// One node VM: the qemu-system process, its QMP connection, its serial console file.
// Start fails with the cause in plain words (QEMU missing, a port taken, QEMU's own
// error); stop asks the guest to power off, then quits; kill is a hard stop (a crash).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { QmpClient } from './qmp.js';
import { qemuArgs, qemuBinary } from './qemu-args.js';
import type { VmSpec } from './qemu-args.js';

export class VmError extends Error {
  override readonly name = 'VmError';
  constructor(
    message: string,
    readonly code: 'NoQemu' | 'PortInUse' | 'Failed' = 'Failed',
  ) {
    super(message);
  }
}

export class QemuVm {
  private stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly spec: VmSpec,
    private readonly child: ChildProcess,
    readonly qmp: QmpClient,
  ) {
    this.exited = child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  lastError(): string {
    return this.stderr.trim();
  }

  static async start(spec: VmSpec, qemu = qemuBinary()): Promise<QemuVm> {
    await rm(spec.qmpSocket, { force: true });
    const child = spawn(qemu, qemuArgs(spec), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // a failed start leaves nothing: QEMU is gone, and so is the QMP socket it made before
    // failing (QEMU removes it only on a clean exit, not when it exits over a bad option)
    const fail = async (err: VmError): Promise<never> => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGKILL');
        await exit;
      }
      await rm(spec.qmpSocket, { force: true });
      throw err;
    };
    // QEMU creates the QMP socket once its devices and forwards are set up
    const deadline = Date.now() + 15_000;
    for (;;) {
      const early = await Promise.race([spawnError.then((e) => ({ e })), exit.then((code) => ({ code })), new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      if (early && 'e' in early) {
        const code = (early.e as NodeJS.ErrnoException).code;
        return fail(
          code === 'ENOENT'
            ? new VmError(`${qemu} is not installed (VM nodes run in QEMU): apt-get install -y qemu-system-x86 qemu-utils (Debian/Ubuntu), or QEMU from your OS's packages`, 'NoQemu')
            : new VmError(`${qemu} cannot be started: ${early.e.message}`),
        );
      }
      if (early && 'code' in early) return fail(startFailure(spec, stderr));
      if (existsSync(spec.qmpSocket)) break;
      if (Date.now() > deadline) return fail(new VmError(`QEMU for node ${spec.name} did not open its QMP socket within 15 s (an overloaded host?): ${stderr.trim() || 'no output'}`));
    }
    try {
      const qmp = await QmpClient.connect(spec.qmpSocket);
      const vm = new QemuVm(spec, child, qmp);
      vm.stderr = stderr;
      return vm;
    } catch (e) {
      // QEMU makes the QMP socket before it loads the kernel and sets up the forwards, and greets
      // only once that is done: a reset here is usually QEMU exiting over one of those, so its
      // stderr (a port in use, a corrupt kernel) is the cause to report, not the QMP error
      const exited = await Promise.race([exit.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3_000))]);
      return fail(exited ? startFailure(spec, stderr) : new VmError(`QEMU for node ${spec.name}: ${(e as Error).message}${stderr.trim() ? ` (${stderr.trim()})` : ''}`));
    }
  }

  /**
   * The last lines of the node's serial console, without the kernel's stack dump (the
   * panic line and what led to it say why a boot failed; the call trace does not).
   */
  consoleTail(lines = 8): string {
    let text: string;
    try {
      text = readFileSync(this.spec.serialLog, 'latin1');
    } catch {
      return '(no console output)';
    }
    const noise = /^\[\s*[\d.]+\]\s+(Call Trace:|<\/?TASK>|\? |\S+\+0x[0-9a-f]+\/0x[0-9a-f]+|CPU: \d+ PID:|Hardware name:|Kernel Offset:|RIP:|RSP:|R[A-Z0-9]{2}:)/;
    const kept = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !noise.test(l));
    return kept.slice(-lines).join('\n') || '(no console output)';
  }

  /** QEMU's run state (running, paused, shutdown, …) */
  async status(): Promise<string> {
    const s = await this.qmp.execute<{ status?: string }>('query-status');
    return s.status ?? 'unknown';
  }

  /** Hard stop: the VM is gone at once, the guest does not shut down (a node crash). */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    this.qmp.close();
    // a killed QEMU cannot remove its QMP socket and pid file itself
    await rm(this.spec.qmpSocket, { force: true });
    await rm(this.spec.pidFile, { force: true });
  }

  /** QMP quit after `graceMs` for the guest to power off by itself. */
  async waitOrQuit(graceMs: number): Promise<void> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs));
    if ((await Promise.race([this.exited, timer])) === 'timeout' && this.running) {
      await this.qmp.execute('quit').catch(() => undefined);
      const again = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
      if ((await Promise.race([this.exited, again])) === 'timeout') this.child.kill('SIGKILL');
    }
    await this.exited;
    this.qmp.close();
  }

  /** Forward a host port on 127.0.0.1 to the guest (a NodePort for the host); false when QEMU refused. */
  async addHostForward(hostPort: number, guestPort: number): Promise<boolean> {
    const out = await this.qmp.hmp(`hostfwd_add net0 tcp:127.0.0.1:${hostPort}-:${guestPort}`);
    return !/could not|error|invalid/i.test(out);
  }

  async removeHostForward(hostPort: number): Promise<void> {
    await this.qmp.hmp(`hostfwd_remove net0 tcp:127.0.0.1:${hostPort}`).catch(() => undefined);
  }
}

/** QEMU's start errors, turned into causes and fixes. */
function startFailure(spec: VmSpec, stderr: string): VmError {
  const text = stderr.trim();
  const rule = /Could not set up host forwarding rule '[^']*:(\d+)-/i.exec(text);
  if (rule) {
    const port = Number(rule[1]);
    const what = port === spec.sshPort ? "the node's SSH forward" : port === spec.kubeletPort ? "the node's kubelet forward" : 'a forward';
    return new VmError(`node ${spec.name}: port ${port} on 127.0.0.1 (${what}) is already in use by another program: stop that program (ss -ltnp 'sport = :${port}' shows which) and start the node again (${text})`, 'PortInUse');
  }
  if (/Could not open .*(vmlinuz|initrd|qcow2)|No such file/i.test(text)) return new VmError(`node ${spec.name}: QEMU cannot open the node image (${text}): rebuild it with npm run build:images -- --force`);
  if (/could not load kernel|linux kernel too old|not a bzImage/i.test(text)) return new VmError(`node ${spec.name}: the node image's kernel is corrupt (${text}): rebuild it with npm run build:images -- --force`);
  if (/qcow2|Image is not in qcow2 format|corrupt/i.test(text)) {
    // the fix must work while the lab is down too (a lab whose node cannot start does not come up)
    return new VmError(`node ${spec.name}: its disk ${spec.disk} is corrupt (${text}): delete that file and the node starts on a fresh disk from the node image (what the node stored is lost), or remove the node (k8s-lab node remove ${spec.name}); if every node fails this way, rebuild the node image with npm run build:images -- --force`);
  }
  return new VmError(`QEMU for node ${spec.name} exited at start: ${text || 'no output'}`);
}
