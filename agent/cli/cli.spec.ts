// The command line around the commands: help, version, unknown commands and flags,
// and the failure of a runtime that does not answer (no containerd needed for these).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'crictl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (c: string | Uint8Array) => ((stdout += c.toString()), true) },
    stderr: { write: (c: string | Uint8Array) => ((stderr += c.toString()), true) },
    stdin: new PassThrough(),
    env: { CONTAINER_RUNTIME_ENDPOINT: `unix://${dir}/none.sock`, CRI_CONFIG_FILE: '', ...env },
    now: () => Date.UTC(2024, 4, 1, 12),
  });
  return { code, stdout, stderr };
}

describe('crictl command line', () => {
  it('prints help and its version', async () => {
    const help = await run([]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('   crictl - client for CRI');
    expect(help.stdout).toMatch(/^ {3}pods {13}List pods$/m);
    expect((await run(['help', 'ps'])).stdout).toContain('crictl ps - List containers');
    expect((await run(['logs', '--help'])).stdout).toContain('--follow, -f');
    expect(await run(['--version'])).toEqual({ code: 0, stdout: 'crictl version v1.32.0-k8s-lab\n', stderr: '' });
  });

  it('refuses unknown commands and flags', async () => {
    expect(await run(['podz'])).toEqual({ code: 3, stdout: '', stderr: "No help topic for 'podz'\n" });
    const flag = await run(['ps', '--bogus']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/level=fatal msg="flag provided but not defined: -bogus"/);
    const usage = await run(['runp']);
    expect(usage.code).toBe(1);
    expect(usage.stdout).toContain('crictl runp [command options] pod-config.[json|yaml]');
  });

  it('fails like crictl when nothing listens on the endpoint', async () => {
    const r = await run(['pods']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^time="2024-05-0[12]T\d\d:\d\d:00(Z|[+-]\d\d:\d\d)" /);
    expect(r.stderr.replace(/^time="[^"]+" /, '')).toBe(
      `level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"unix://${dir}/none.sock\\": ` +
      `rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix ${dir}/none.sock: connect: no such file or directory\\""\n`,
    );
    const img = await run(['images'], { IMAGE_SERVICE_ENDPOINT: 'tcp://127.0.0.1:1' });
    expect(img.stderr).toContain('protocol \\"tcp\\" not supported');
  });
});

