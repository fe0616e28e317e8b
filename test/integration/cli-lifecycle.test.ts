// `k8s-lab up|status|down` and `npm start` as a user runs them: a ready line, a status
// that reads the running lab, a clean stop, and state kept for the next start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { removeDir, ROOT, startLab } from './support/lab.js';

const dataDir = mkdtempSync(join(tmpdir(), 'k8s-lab-cli-'));
afterAll(() => removeDir(dataDir));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('k8s-lab command', () => {
  it('status reads a running lab, down stops it, state survives a restart', async () => {
    const lab = await startLab({ dataDir });
    onTestFinished(async () => {
      await lab.stop();
    });
    expect(lab.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: survivor\ndata:\n  k: v\n' }).code).toBe(0);
    const st = cli(['status', '--data-dir', dataDir]);
    expect(st.status).toBe(0);
    expect(st.stdout).toMatch(new RegExp(`^running pid=${lab.proc.pid ?? 0} `, 'm'));
    expect(st.stdout).toMatch(/^apiserver https:\/\/127\.0\.0\.1:\d+ readyz=ok$/m);
    expect(st.stdout).toContain(`kubeconfig ${join(dataDir, 'kubeconfig')}`);
    const second = cli(['up', '--data-dir', dataDir, '--port', '0', '--etcd-port', '0']);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`a lab is already running from ${dataDir}`);
    const down = cli(['down', '--data-dir', dataDir]);
    expect(down.status).toBe(0);
    expect(down.stdout).toContain(`stopped (pid ${lab.proc.pid ?? 0})`);
    expect(await lab.stop()).toBe(0);
    expect(lab.output).toContain('stopped');
    const after = cli(['status', '--data-dir', dataDir]);
    expect(after.status).toBe(3);
    expect(after.stderr).toContain(`stopped: no lab is running from ${dataDir}`);

    const again = await startLab({ dataDir });
    expect(again.kubectl(['get', 'configmap', 'survivor', '-o', 'jsonpath={.data.k}']).stdout).toBe('v');
    expect(await again.stop()).toBe(0);
  });

  it('npm start runs the lab headless when there is no Electron binary, and says so', async () => {
    // its own process group, so Ctrl-C can be sent to the whole group as a terminal does
    const child = spawn('npm', ['start', '--silent', '--', '--data-dir', dataDir, '--port', '0', '--etcd-port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    for (let i = 0; i < 300 && !out.includes('ready kubeconfig='); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('no Electron binary found, running headless');
    expect(out).toContain(`ready kubeconfig=${join(dataDir, 'kubeconfig')}`);
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await exited;
    // npm relays the signal; the lab itself stops cleanly, which removes its run file
    const runFile = join(dataDir, 'run.json');
    for (let i = 0; i < 100 && existsSync(runFile); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(runFile)).toBe(false);
    expect(cli(['status', '--data-dir', dataDir]).status).toBe(3);
  });
});
