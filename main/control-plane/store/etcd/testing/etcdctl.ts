// Runs Debian's etcdctl (v3 API) against an endpoint with the test PKI.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { TestPki } from './certs.js';
import { requireTool, run } from './tools.js';
import type { RunResult } from './tools.js';

export interface Etcdctl {
  /** `etcdctl --endpoints … --cacert … --cert … --key … ARGS` */
  (args: string[], options?: { input?: string; cert?: 'client' | 'none' | 'stranger' }): Promise<RunResult>;
  /** a long-running etcdctl (watch, keep-alive) whose output the test reads, then kills */
  spawn(args: string[]): { child: ChildProcess; output(): string; waitFor(text: string, timeoutMs?: number): Promise<string>; stop(): Promise<void> };
}

export function etcdctlFor(endpoint: string, pki: TestPki): Etcdctl {
  const bin = requireTool('etcdctl');
  const env = { ...process.env, ETCDCTL_API: '3' };
  const flags = (cert: 'client' | 'none' | 'stranger'): string[] => {
    const out = ['--endpoints', endpoint, '--cacert', pki.caFile, '--dial-timeout', '3s', '--command-timeout', '5s'];
    if (cert === 'client') out.push('--cert', pki.client.cert, '--key', pki.client.key);
    if (cert === 'stranger') out.push('--cert', pki.strangerClient.cert, '--key', pki.strangerClient.key);
    return out;
  };
  const ctl = ((args: string[], options: { input?: string; cert?: 'client' | 'none' | 'stranger' } = {}) =>
    run(bin, [...flags(options.cert ?? 'client'), ...args], { env, input: options.input })) as Etcdctl;
  ctl.spawn = (args) => {
    const child = spawn(bin, [...flags('client'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return {
      child,
      output: () => output,
      async waitFor(text, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        while (!output.includes(text)) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`etcdctl ${args.join(' ')}: no "${text}" in output:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return output;
      },
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT, as Ctrl-C: `etcdctl lock` only releases its lock on an interrupt.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      },
    };
  };
  return ctl;
}
