// The containerd vs Docker view in real Chromium against a real lab with one host node
// (its own containerd, agent and dockerd in the node's network namespace): the demo runs
// nginx with Docker and as a pod on the node, and the view shows Docker's container in
// containerd's `moby` namespace and the pod's pause + nginx in `k8s.io` with the IDs that
// `ctr` itself lists, the process trees with dockerd and the shims, log paths and
// cgroups. Docker crashes and restarts with the node; stopping the lab leaves no dockerd, mount or network namespace behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { containerdPaths } from '../../main/vm/host/containerd-config.js';
import { dockerdPaths, findDockerd, pingDocker } from '../../main/vm/host/dockerd.js';
import { labIdFor } from '../../main/vm/host/network.js';
import { listProcesses } from '../../main/vm/host/containerd-proc.js';
import { findDockerds } from '../../main/vm/host/dockerd-proc.js';
import { ROOT } from '../integration/support/lab.js';
import { expectNoEnglish, openApp, openView, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab | undefined;
let stopped = false;

beforeAll(async () => {
  ui = await startUiLab({ nodes: 1, nodeCidr: '10.236.0.0/24', clusterCidr: '10.237.0.0/16' });
}, 330_000);

afterAll(async () => {
  if (ui && !stopped) await ui.stop();
});

function ctrIds(socket: string, namespace: string): string[] {
  const r = spawnSync('ctr', ['--address', socket, '-n', namespace, 'c', 'ls', '-q'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').sort();
}

function nodeVerb(dataDir: string, verb: string): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'node', verb, 'node-1', '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!findDockerd())('containerd vs Docker on a host node', () => {
  it('runs nginx with Docker and as a pod, and shows both as containerd and the clients see them', async () => {
    if (!ui) throw new Error('no lab');
    const { page, lab } = ui;
    const nodeDir = join(lab.dataDir, 'nodes', 'node-1');
    const socket = containerdPaths(nodeDir).socket;
    const docker = dockerdPaths(nodeDir);
    // dockerd starts in the background after the node: wait for its API
    await waitFor('the node-1 dockerd', () => pingDocker(docker.socket), 90_000);

    await openApp(ui);
    await openView(ui, en.nav.runtimes);
    await page.locator('.rt-snapshot[data-node="node-1"]').waitFor({ timeout: 30_000 });

    await page.locator('.rt-toolbar button.primary').click();
    const done = page.locator('.rt-demo li[data-step="done"][data-state="done"]');
    await done.waitFor({ timeout: 240_000 });
    expect(await page.locator('.rt-demo li[data-step="docker-run"]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('.rt-demo li[data-step="pod-running"]').getAttribute('data-state')).toBe('done');
    expect(lab.kubectl(['get', 'pod', 'demo-k8s', '-o', 'jsonpath={.spec.nodeName} {.status.phase}']).stdout).toBe('node-1 Running');

    // the snapshot taken after the demo: IDs exactly as ctr lists them in each namespace
    const mobyIds = ctrIds(socket, 'moby');
    const criIds = ctrIds(socket, 'k8s.io');
    const dockerPs = spawnSync('docker', ['-H', `unix://${docker.socket}`, 'ps', '-q', '--no-trunc', '--filter', 'name=demo-docker'], { encoding: 'utf8' });
    const dockerId = dockerPs.stdout.trim();
    expect(dockerId).toMatch(/^[0-9a-f]{64}$/);
    expect(mobyIds).toContain(dockerId);
    expect(criIds).not.toContain(dockerId);
    await waitFor('the Docker container in the view', async () => (await page.locator(`tr[data-ns="moby"][data-id="${dockerId}"]`).count()) === 1, 30_000);
    const shownIds = async (ns: string): Promise<string[]> =>
      (await Promise.all((await page.locator(`tr[data-ns="${ns}"]`).all()).map(async (r) => (await r.getAttribute('data-id')) ?? ''))).sort();
    expect(await shownIds('moby')).toEqual(mobyIds);
    expect(await shownIds('k8s.io')).toEqual(criIds);
    // the pod: its pause (sandbox) and nginx container
    const sandboxes = page.locator('tr[data-ns="k8s.io"][data-sandbox="true"]');
    expect(await sandboxes.count()).toBeGreaterThanOrEqual(1);
    const demoRow = page.locator('tr[data-ns="k8s.io"][data-sandbox="false"]', { hasText: 'default/demo-k8s' });
    expect(await demoRow.count()).toBe(1);
    const podContainerId = (await demoRow.getAttribute('data-id')) ?? '';
    expect(criIds).toContain(podContainerId);
    expect(await page.locator('tr[data-ns="k8s.io"][data-sandbox="true"]', { hasText: 'default/demo-k8s' }).count()).toBe(1);
    // the commands' own output is there too
    expect(await page.locator('[data-command="ctr -n moby c ls"] pre').innerText()).toContain(dockerId);
    expect(await page.locator('[data-command="ctr namespaces ls"] pre').innerText()).toMatch(/k8s\.io[\s\S]*moby|moby[\s\S]*k8s\.io/);

    // process trees: dockerd, containerd, the agent, a shim per side, the pause and the containers
    const tree = page.locator('.rt-tree');
    expect(await tree.locator('li[data-role="dockerd"]').count()).toBe(1);
    expect(await tree.locator('li[data-role="containerd"]').count()).toBe(1);
    expect(await tree.locator('li[data-role="agent"]').count()).toBe(1);
    expect(await tree.locator('li[data-role="shim"][data-side="docker"]').count()).toBeGreaterThanOrEqual(1);
    expect(await tree.locator('li[data-role="shim"][data-side="cri"]').count()).toBeGreaterThanOrEqual(1);
    expect(await tree.locator('li[data-role="pause"]').count()).toBeGreaterThanOrEqual(1);
    expect(await tree.locator('li[data-role="container"][data-side="docker"]').count()).toBeGreaterThanOrEqual(1);
    expect(await tree.locator('li[data-role="container"][data-side="cri"]').count()).toBeGreaterThanOrEqual(1);
    const dockerShim = await tree.locator('li[data-role="shim"][data-side="docker"] > .rt-proc code').first().innerText();
    expect(dockerShim).toContain(`-id ${dockerId}`);

    // logs: Docker's json-file under its data root, the agent's CRI path for the pod
    expect(await page.locator(`[data-log-for="${dockerId}"] code`).innerText()).toBe(join(docker.dataRoot, 'containers', dockerId, `${dockerId}-json.log`));
    const podUid = lab.kubectl(['get', 'pod', 'demo-k8s', '-o', 'jsonpath={.metadata.uid}']).stdout;
    expect(await page.locator(`[data-log-for="${podContainerId}"] code`).innerText()).toBe(join(nodeDir, 'log', 'pods', `default_demo-k8s_${podUid}`, 'demo-k8s', '0.log'));
    // cgroups: Docker's container under the node's cgroup, next to the pod's
    const labId = labIdFor(lab.dataDir);
    expect(await page.locator('.rt-panel.rt-docker [data-command^="cat /proc/"] pre').first().innerText()).toContain(`/k8s-lab-${labId}/node-1/docker/${dockerId}`);
    expect(await page.locator('.rt-panel.rt-cri [data-command^="cat /proc/"] pre').first().innerText()).toContain(`/k8s-lab-${labId}/node-1/pod${podUid}/`);

    await ui.screenshot('runtimes.png');

    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await page.locator('.rt-snapshot').waitFor();
    await expectNoEnglish(page, en, ko, 'containerd vs Docker view');
    await ui.screenshot('runtimes-ko.png');
    expect(ui.consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(ui.consoleErrors).toEqual([]);
  });

  it('crashes and restarts Docker with the node, and stopping the lab leaves no dockerd, mount or network namespace behind', async () => {
    if (!ui) throw new Error('no lab');
    const dataDir = ui.lab.dataDir;
    const docker = dockerdPaths(join(dataDir, 'nodes', 'node-1'));
    const prefix = `klab${labIdFor(dataDir)}-`;
    const dockerds = (): number[] => findDockerds(docker.configFile).map((p) => p.pid);
    const [before] = dockerds();
    expect(before).toBeDefined();
    expect(nodeVerb(dataDir, 'crash')).toContain('node/node-1 crashed');
    await waitFor('dockerd to die with the node', () => dockerds().length === 0, 10_000);
    expect(nodeVerb(dataDir, 'start')).toContain('node/node-1 started');
    await waitFor('a new dockerd', () => pingDocker(docker.socket), 90_000);
    expect(dockerds()).toHaveLength(1);
    expect(dockerds()[0]).not.toBe(before);
    // Docker's data root outlives the crash: the demo container is still known (exited, as after a reboot)
    const ps = spawnSync('docker', ['-H', `unix://${docker.socket}`, 'ps', '-a', '--format', '{{.Names}}'], { encoding: 'utf8' });
    expect(ps.stdout.split('\n')).toContain('demo-docker');
    expect(readdirSync('/run/netns').some((n) => n.startsWith(prefix))).toBe(true);
    stopped = true;
    await ui.lab.stop();
    expect(listProcesses().filter((p) => p.argv.some((a) => a.startsWith(dataDir)))).toEqual([]);
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '');
    expect(mounts.filter((m) => m.startsWith(dataDir) || m.startsWith(docker.execRoot))).toEqual([]);
    expect(existsSync(docker.execRoot)).toBe(false);
    expect(readdirSync('/run/netns').filter((n) => n.startsWith(prefix))).toEqual([]);
    await ui.stop(); // the browser and the data dir
  });
});
