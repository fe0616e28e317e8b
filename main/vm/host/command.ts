// Runs the host tools a host node is made of (ip, iptables, nsenter) and turns a
// failure into an error that names the command and what it printed.
import { execFile } from 'node:child_process';

export class HostCommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command}: ${stderr.trim() || `exit code ${exitCode ?? 'unknown'}`}`);
    this.name = 'HostCommandError';
  }
}

export function runCommand(file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const code = typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new HostCommandError(`${file} ${args.join(' ')}`, `${file} is not installed`, null));
        else reject(new HostCommandError(`${file} ${args.join(' ')}`, stderr || err.message, code));
        return;
      }
      resolve(stdout);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** the same command inside a network namespace (nsenter keeps /sys and the cgroup mounts, unlike `ip netns exec`) */
export function runInNetns(netnsPath: string, file: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  return runCommand('nsenter', [`--net=${netnsPath}`, '--', file, ...args], opts);
}
