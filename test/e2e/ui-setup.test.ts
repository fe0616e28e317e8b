// The Setup view in real Chromium against a real `k8s-lab up --ui` with one host node:
// the start's progress steps all done, the provider and the accelerator (probed for
// real: on these machines KVM hangs, so TCG with its warning), the kubeconfig merged
// into a temp HOME's ~/.kube/config that the real kubectl then uses (the user's other
// context kept), a node added from the UI with its progress until kubectl lists it
// Ready, Korean throughout, screenshots, no console or CSP errors.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { ensureBuiltNodeImage, NODE_IMAGE_BUILD_TIMEOUT_MS } from '../integration/support/node-image.js';
import { expectNoEnglish, openApp, openView, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

/** the user's kubeconfig before the merge: another cluster, its own `kubernetes-admin`, current */
const OTHER = `apiVersion: v1
kind: Config
clusters:
- name: other
  cluster:
    server: https://192.0.2.10:6443
contexts:
- name: other
  context:
    cluster: other
    user: kubernetes-admin
current-context: other
preferences: {}
users:
- name: kubernetes-admin
  user:
    token: not-a-real-token
`;

let ui: UiLab;
let home: string;
let userConfig: string;

beforeAll(async () => {
  // the accelerator probe boots the node image's kernel: build it when no earlier test did
  ensureBuiltNodeImage();
  home = mkdtempSync(join(tmpdir(), 'k8s-lab-home-'));
  mkdirSync(join(home, '.kube'), { mode: 0o700 });
  userConfig = join(home, '.kube', 'config');
  writeFileSync(userConfig, OTHER, { mode: 0o600 });
  // KUBECONFIG empty: kubectl (and the merge) use $HOME/.kube/config
  ui = await startUiLab({ nodes: 1, nodeCidr: '10.235.0.0/24', clusterCidr: '10.234.0.0/16', env: { HOME: home, KUBECONFIG: '' } });
}, NODE_IMAGE_BUILD_TIMEOUT_MS + 300_000);

afterAll(async () => {
  await ui?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** kubectl with the user's own kubeconfig (not the lab's) */
const userKubectl = (args: string[]): { code: number; stdout: string; stderr: string } => ui.lab.kubectl(['--kubeconfig', userConfig, ...args], { env: { HOME: home } });

describe('the Setup view', () => {
  it("shows the start's steps all done, the provider, and the accelerator with the TCG warning", async () => {
    const { page } = ui;
    await openApp(ui);
    await openView(ui, en.nav.setup);
    const start = page.locator('.setup-operation[data-operation="start"]');
    await start.waitFor();
    for (const id of ['network', 'control-plane', 'registry', 'nodes', 'node/node-1/network', 'node/node-1/containerd', 'node/node-1/agent', 'ui']) {
      await expect.poll(() => start.locator(`li[data-step="${id}"]`).getAttribute('data-state'), { timeout: 30_000, message: id }).toBe('done');
    }
    expect(await start.locator('li[data-state="failed"]').count()).toBe(0);
    expect(await start.locator('li[data-step="control-plane"] .progress-title').innerText()).toBe(en.setup.steps.controlPlane);
    expect(await start.locator('li[data-step="node/node-1/agent"] .progress-detail').innerText()).toMatch(/^Ready/);
    expect(await start.locator('.progress-summary').innerText()).toMatch(/^(\d+) of \1 steps finished$/);

    expect(await page.locator('.lab-provider').innerText()).toBe('host');
    expect(await page.locator('.setup-nodes li[data-node="node-1"]').innerText()).toContain(en.setup.lab.state.running);
    expect(await page.locator('.setup-phase').getAttribute('data-phase')).toBe('running');

    // nothing probed yet in this data dir: test it for real (a short QEMU boot)
    const accel = page.locator('.accel-line');
    expect(await accel.getAttribute('data-accel')).toBe('unknown');
    await page.getByRole('button', { name: en.setup.accel.probe }).click();
    await expect.poll(() => accel.getAttribute('data-accel'), { timeout: 30_000 }).not.toBe('unknown');
    const found = await accel.getAttribute('data-accel');
    console.log(`setup: accelerator ${found ?? '?'}: ${await page.locator('.accel-reason').innerText()}`);
    expect(['kvm', 'tcg']).toContain(found);
    if (found === 'tcg') {
      expect(await page.locator('.accel-warning').innerText()).toBe(en.setup.accel.tcgWarning);
      expect(en.setup.accel.tcgWarning).toContain('~40–60 s');
    }
    expect(await page.locator('.setup-accel').innerText()).toContain(en.setup.accel.hostNote);
  });

  it('merges the k8s-lab context into ~/.kube/config: the real kubectl uses it, the other context stays', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: en.setup.kubeconfig.preview }).click();
    const plan = page.locator('.kubeconfig-plan');
    await plan.waitFor();
    expect(await plan.locator('.kubeconfig-path').innerText()).toBe(userConfig);
    expect(await plan.locator('.kubeconfig-changes li').allInnerTexts()).toEqual([
      `${en.setup.kubeconfig.section.clusters} k8s-lab: ${en.setup.kubeconfig.action.add}`,
      `${en.setup.kubeconfig.section.users} k8s-lab-admin: ${en.setup.kubeconfig.action.add}`,
      `${en.setup.kubeconfig.section.contexts} k8s-lab: ${en.setup.kubeconfig.action.add}`,
    ]);
    expect(await plan.locator('.kubeconfig-kept li').allInnerTexts()).toEqual([`${en.setup.kubeconfig.section.clusters} other`, `${en.setup.kubeconfig.section.users} kubernetes-admin`, `${en.setup.kubeconfig.section.contexts} other`]);
    const diff = await plan.locator('.kubeconfig-diff').innerText();
    expect(diff).toContain('+ - name: k8s-lab');
    expect(diff).toMatch(/client-key-data: \S{12}… \(\d+ characters\)/); // no private key on screen
    await ui.screenshot('setup.png');

    await page.getByRole('button', { name: en.setup.kubeconfig.merge }).click();
    await page.locator('.setup-kubeconfig .setup-ok').waitFor();
    const backups = readdirSync(join(home, '.kube')).filter((f) => f.startsWith('config.k8s-lab-backup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(home, '.kube', backups[0] ?? ''), 'utf8')).toBe(OTHER);

    const ns = userKubectl(['--context', 'k8s-lab', 'get', 'ns']);
    expect(ns.code, ns.stderr).toBe(0);
    expect(ns.stdout).toMatch(/^default\s+Active/m);
    expect(ns.stdout).toMatch(/^kube-system\s+Active/m);
    const contexts = userKubectl(['config', 'get-contexts', '-o', 'name']);
    expect(contexts.stdout.trim().split('\n').sort()).toEqual(['k8s-lab', 'other']);
    expect(userKubectl(['config', 'current-context']).stdout.trim()).toBe('other'); // not ticked: unchanged
    const doc = parse(readFileSync(userConfig, 'utf8')) as { users: { name: string; user: { token?: string } }[] };
    expect(doc.users.find((u) => u.name === 'kubernetes-admin')?.user.token).toBe('not-a-real-token');

    // ticked: now k8s-lab is current, and plain `kubectl get ns` reaches the lab
    await page.locator('input[name="setCurrentContext"]').check();
    await page.getByRole('button', { name: en.setup.kubeconfig.preview }).click();
    await expect.poll(() => plan.locator('.kubeconfig-changes li[data-action="replace"]').allInnerTexts()).toEqual([`${en.setup.kubeconfig.section['current-context']} k8s-lab: ${en.setup.kubeconfig.action.replace}`]);
    await page.getByRole('button', { name: en.setup.kubeconfig.merge }).click();
    await page.locator('.setup-kubeconfig .setup-ok').waitFor();
    expect(userKubectl(['config', 'current-context']).stdout.trim()).toBe('k8s-lab');
    expect(userKubectl(['get', 'ns', 'default', '-o', 'name']).stdout.trim()).toBe('namespace/default');
  });

  it('adds a node from the UI with its progress, and kubectl lists it Ready', async () => {
    const { page, lab } = ui;
    await page.locator('input[name="nodeName"]').fill('extra-1');
    await page.getByRole('button', { name: en.setup.lab.add }).click();
    const op = page.locator('.setup-operation[data-operation^="add-node-"]');
    await op.waitFor({ timeout: 30_000 });
    for (const id of ['node/extra-1/network', 'node/extra-1/containerd', 'node/extra-1/agent']) {
      await expect.poll(() => op.locator(`li[data-step="${id}"]`).getAttribute('data-state'), { timeout: 90_000, message: id }).toBe('done');
    }
    expect(await op.locator('li[data-step$="/node"] .progress-title').innerText()).toBe(en.setup.steps.addNode.replace('{{node}}', 'extra-1'));
    await page.locator('.setup-lab .setup-ok').waitFor();
    await page.locator('.setup-nodes li[data-node="extra-1"]').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => lab.kubectl(['get', 'nodes', '--no-headers']).stdout, { timeout: 60_000 })
      .toMatch(/^extra-1\s+Ready\s/m);
    expect(lab.kubectl(['get', 'nodes', '--no-headers']).stdout).toMatch(/^node-1\s+Ready\s/m);
  });

  it("first run (the desktop app's flow): opens on Setup, the choice form sends setup:start with the user's choice", async () => {
    // Headless, the lab is always started; the app's first run is rendered here by answering
    // setup:state as the app does before its lab exists (main/app/lab-launch.ts, unit-tested)
    // and catching setup:start instead of starting a second lab. Everything else is the real bridge.
    const page = await ui.context.newPage();
    const starts: unknown[] = [];
    await page.routeWebSocket(/\/bridge/, (ws) => {
      const server = ws.connectToServer();
      const rewrite = new Set<number>();
      ws.onMessage((m) => {
        const frame = JSON.parse(String(m)) as { id: number; channel: string; params: unknown };
        if (frame.channel === 'setup:start') {
          starts.push(frame.params);
          ws.send(JSON.stringify({ type: 'response', id: frame.id, ok: true, result: { starting: true } }));
          return;
        }
        if (frame.channel === 'setup:state') rewrite.add(frame.id);
        server.send(m);
      });
      server.onMessage((m) => {
        const frame = JSON.parse(String(m)) as { type: string; id?: number; result?: Record<string, unknown> };
        if (frame.type === 'response' && frame.id !== undefined && rewrite.has(frame.id) && frame.result && starts.length === 0) {
          const { lab: _lab, choice: _choice, ...rest } = frame.result;
          ws.send(JSON.stringify({ ...frame, result: { ...rest, phase: 'first-run' } }));
        } else ws.send(m);
      });
    });
    try {
      await page.goto(ui.url);
      const form = page.locator('form.setup-choice');
      await form.waitFor(); // the app switched to Setup by itself
      expect(await page.locator('nav.app-nav button[aria-current="page"]').innerText()).toBe(en.nav.setup);
      expect(await page.locator('.setup-phase').getAttribute('data-phase')).toBe('first-run');
      await form.locator('label[data-provider="qemu"] input').check();
      expect(await form.locator('input[name="cpus"]').count()).toBe(1);
      await form.locator('input[name="nodes"]').fill('3');
      await form.locator('input[name="cpus"]').fill('2');
      await form.locator('input[name="memoryMiB"]').fill('1024');
      await ui.screenshot('setup-first-run.png', page);
      await page.locator('.language select').selectOption('ko');
      await expectNoEnglish(page, en, ko, 'the first-run form');
      await page.locator('.language select').selectOption('en');
      await form.locator('label[data-provider="host"] input').check();
      expect(await form.locator('input[name="cpus"]').count()).toBe(0); // VM sizes only for VMs
      await form.locator('label[data-provider="qemu"] input').check();
      await form.getByRole('button', { name: en.setup.choice.start }).click();
      await expect.poll(() => starts).toEqual([{ provider: 'qemu', nodes: 3, cpus: 2, memoryMiB: 1024 }]);
    } finally {
      await page.close();
    }
  });

  it('is all Korean in Korean, with no console or CSP errors', async () => {
    const { page, consoleErrors } = ui;
    await page.getByRole('button', { name: en.setup.kubeconfig.preview }).click(); // the plan on screen too
    await page.locator('.kubeconfig-plan').waitFor();
    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('.setup-view h2').innerText()).toBe(ko.setup.title);
    expect(await page.locator('.setup-operation[data-operation="start"] li[data-step="control-plane"] .progress-title').innerText()).toBe(ko.setup.steps.controlPlane);
    await expectNoEnglish(page, en, ko, 'the setup view');
    await ui.screenshot('setup-ko.png');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
