// Helpers for the specs and the store benchmark: they drive real binaries (etcd,
// etcdctl, openssl) and must fail loudly, with the install command, when one is
// missing — a skipped test would claim something it never checked.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

const INSTALL: Record<string, string> = {
  etcd: 'apt-get install -y etcd-server',
  etcdctl: 'apt-get install -y etcd-client',
  openssl: 'apt-get install -y openssl',
};

/** Absolute path of a tool on PATH, or an error naming the package to install. */
export function requireTool(name: 'etcd' | 'etcdctl' | 'openssl'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is required by this test and is not installed: run \`${INSTALL[name] ?? name}\` (Debian: apt-get install -y etcd-client etcd-server)`);
}

/** A loopback port that was free a moment ago (etcd needs explicit ports). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
