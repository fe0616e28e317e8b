// `k8s-lab down` and `k8s-lab status` for a lab started by `k8s-lab up`.
import { request } from 'node:https';
import { readKubeconfig } from '../control-plane/pki/index.js';
import { readRunInfo } from './up.js';
import { CliError } from './errors.js';

export async function down(dataDir: string, out: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  const info = await readRunInfo(dataDir);
  if (!info) {
    out(`no lab is running from ${dataDir}`);
    return;
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await readRunInfo(dataDir))) {
      out(`stopped (pid ${info.pid})`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(info.pid, 'SIGKILL');
  out(`killed (pid ${info.pid}) after ${timeoutMs / 1000}s`);
}

async function readyz(kubeconfigPath: string): Promise<string> {
  const kc = await readKubeconfig(kubeconfigPath);
  return new Promise((resolve) => {
    const req = request(`${kc.server}/readyz`, { ca: kc.caPem, cert: kc.certPem, key: kc.keyPem, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : `HTTP ${res.statusCode ?? 0}: ${body.trim()}`));
    });
    req.on('error', (e) => resolve(`unreachable: ${e.message}`));
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}

export async function status(dataDir: string, out: (line: string) => void): Promise<void> {
  const info = await readRunInfo(dataDir);
  if (!info) throw new CliError(`stopped: no lab is running from ${dataDir}`, 3);
  out(`running pid=${info.pid} since=${info.startedAt}`);
  out(`apiserver ${info.apiServer} readyz=${await readyz(info.kubeconfig)}`);
  if (info.etcd) out(`etcd ${info.etcd}`);
  out(`kubeconfig ${info.kubeconfig}`);
}
