// The crictl pane: what the node's containerd has (pod sandboxes, containers, images),
// asked the way a learner asks it on the node — the agent's crictl-style CLI with -o json
// against the node's CRI socket (host nodes), or `crictl` in a login shell over SSH (VM
// nodes) — beside what the API server says is on the node (spec.nodeName field selector).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CriView } from '../../common/bridge/nodes.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { shellQuote } from '../../provision/shell-quote.js';
import { crictlBundle } from '../../vm/host/node-shell.js';
import type { NodeAccess } from '../../vm/provider.js';
import { apiPodRows, containerRows, imageRows, nameImages, pairPods, sandboxRows } from './cri-rows.js';
import type { PodObject } from './node-summary.js';

const run = promisify(execFile);

export const CRI_COMMANDS = [
  ['pods', '-o', 'json'],
  ['ps', '-a', '-o', 'json'],
  ['images', '-o', 'json'],
] as const;

async function crictl(a: NodeAccess, args: readonly string[]): Promise<string> {
  if (a.kind === 'host') {
    const endpoint = `unix://${a.containerdSocket}`;
    const r = await run(process.execPath, [crictlBundle(), ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CONTAINER_RUNTIME_ENDPOINT: endpoint, IMAGE_SERVICE_ENDPOINT: endpoint },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 15_000,
    }).catch((e: Error & { stderr?: string }) => {
      throw new Error(`crictl ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`);
    });
    return r.stdout;
  }
  const ssh = await a.ssh();
  const r = await ssh.exec(`bash -lc ${shellQuote(`crictl ${args.join(' ')}`)}`);
  if (r.code !== 0) throw new Error(`crictl ${args.join(' ')}: ${r.stderr.trim() || `exit ${r.code ?? r.signal ?? '?'}`}`);
  return r.stdout;
}

export async function criView(node: string, a: NodeAccess | undefined, admin: ApiClient): Promise<CriView> {
  const podList = await admin.list<PodObject>({ group: '', version: 'v1', resource: 'pods' }, { fieldSelector: `spec.nodeName=${node}` });
  const apiPods = apiPodRows(podList.items);
  const view: CriView = { node, commands: CRI_COMMANDS.map((c) => `crictl ${c.join(' ')}`), sandboxes: [], containers: [], images: [], apiPods, pairs: [], error: '' };
  if (!a) view.error = `node "${node}" is not run by this lab's node provider: its containerd cannot be reached`;
  else {
    try {
      const [pods, ps, images] = await Promise.all(CRI_COMMANDS.map((c) => crictl(a, c)));
      view.sandboxes = sandboxRows(pods ?? '');
      view.images = imageRows(images ?? '');
      view.containers = nameImages(containerRows(ps ?? ''), view.images);
    } catch (e) {
      view.error = e instanceof Error ? e.message : String(e);
    }
  }
  view.pairs = pairPods(view.sandboxes, apiPods);
  return view;
}
