// The Nodes view in real Chromium against a real lab with two host nodes (each a network
// namespace with its own containerd and agent): the agent's log streams into the xterm
// pane, a terminal in the node runs the real `crictl ps`, the crictl pane shows the pod's
// sandbox beside the API's pod, cordon and crash from the UI are what kubectl then sees,
// and Korean replaces every UI string. Screenshots go to test-artifacts/.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { expectNoEnglish, openApp, openView, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab;
const hex = randomBytes(3).toString('hex');
const pod = `np-${hex}`;
const container = `web-${hex}`;

const k = (args: string[], input?: string): string => {
  const r = ui.lab.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  ui = await startUiLab({
    nodes: 2,
    nodeCidr: '10.242.0.0/24',
    clusterCidr: '10.246.0.0/16',
    // the node controller notices a crashed node in seconds, not 40 s (see host-nodes.test.ts)
    extraArgs: ['--node-monitor-grace-period', '20s', '--node-monitor-period', '1s'],
  });
  // expect.poll belongs to tests: wait for both nodes by hand
  const deadline = Date.now() + 120_000;
  while ((k(['get', 'nodes', '--no-headers']).match(/\sReady\s/g) ?? []).length < 2) {
    if (Date.now() > deadline) throw new Error(`nodes not Ready: ${k(['get', 'nodes'])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 400_000);

afterAll(async () => {
  await ui?.stop();
});

async function openNode(name: string): Promise<void> {
  const { page } = ui;
  await openApp(ui);
  if ((await page.locator('.node-tabs').count()) === 0) await openView(ui, en.nav.nodes);
  await page.locator(`.node-tabs button[data-node="${name}"]`).click();
  await page.locator(`.node-panel[data-node="${name}"]`).waitFor();
}

describe('the Nodes view', () => {
  it('shows one tab per node with its state, Ready condition and resources', async () => {
    const { page } = ui;
    await openNode('node-1');
    expect(await page.locator('.node-tabs button[data-node]').count()).toBe(2);
    await expect.poll(() => page.getByTestId('node-status').innerText()).toBe('Ready');
    expect(await page.locator('.badge.state').getAttribute('data-state')).toBe('running');
    expect(await page.locator('.node-facts').innerText()).toMatch(/10\.246\.\d+\.0\/24/);
    expect(await page.locator('.node-facts').innerText()).toContain('10.242.0.');
  });

  it('streams the agent log: a pod created afterwards shows up in the pane, and search finds it', async () => {
    const { page } = ui;
    await openNode('node-1');
    await page.locator('.log-pane[data-state="live"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.log-pane .xterm-rows').innerText(), { timeout: 10_000 }).toContain('agent');
    k(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: container, image: 'nginx' }] } }));
    // the kubelet's own line for a new pod (SyncLoop ADD), written by the node's agent after the apply
    await expect.poll(() => page.locator('.log-pane .xterm-rows').innerText(), { timeout: 15_000, interval: 250 }).toContain(`pods=["default/${pod}"]`);
    await page.locator('.log-pane input.log-search').fill(pod);
    await page.locator('.log-pane input.log-search').press('Enter');
    await expect.poll(() => page.locator('.log-pane .search-count').getAttribute('data-count')).not.toBe('0');
    // follow was turned off by the search; turn it back on for the screenshot
    await page.locator('.log-pane input[type="checkbox"]').check();
  });

  it('opens a terminal in the node where crictl ps shows the pod\'s container', async () => {
    const { page } = ui;
    k(['wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=90s']);
    await openNode('node-1');
    await page.locator('.node-sections button[data-section="terminal"]').click();
    await page.locator('.terminal-pane[data-state="open"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.terminal-pane .xterm-rows').innerText(), { timeout: 10_000 }).toContain('root@node-1');
    await page.locator('.terminal-pane .xterm-host').click();
    await page.keyboard.type('crictl ps');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.terminal-pane .xterm-rows').innerText(), { timeout: 15_000, interval: 250 }).toContain(container);
    const screen = await page.locator('.terminal-pane .xterm-rows').innerText();
    expect(screen.replace(/\n/g, ' ')).toMatch(/CONTAINER\s+IMAGE\s+CREATED\s+STATE\s+NAME\s+ATTEMPT\s+POD ID\s+POD/);
    // a long line may wrap at the terminal's width: compare without the line breaks
    expect(screen.replace(/\n/g, '')).toMatch(new RegExp(`${container}\\s+0\\s+[0-9a-f]{13}\\s+${pod}`));
    // the shell is in the node's network namespace: its address is the node's
    await page.keyboard.type('ip -4 -o addr show eth0');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.terminal-pane .xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/eth0\s+inet 10\.242\.0\.\d+/);
    await ui.screenshot('nodes.png');

    // a resize of the pane reaches the shell's pty (stty size prints "rows cols")
    const sizes = async (): Promise<number[]> => {
      const text = (await page.locator('.terminal-pane .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
      return [...text.matchAll(/^(\d+) (\d+)\s*$/gm)].map((m) => Number(m[2]));
    };
    await page.keyboard.type('clear; stty size');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await sizes()).length, { timeout: 10_000 }).toBe(1);
    const [before] = await sizes();
    await page.setViewportSize({ width: 1000, height: 860 });
    await expect.poll(async () => {
      await page.keyboard.type('clear; stty size');
      await page.keyboard.press('Enter');
      await new Promise((r) => setTimeout(r, 300));
      return (await sizes())[0] ?? 0;
    }, { timeout: 10_000 }).toBeLessThan((before ?? 0) - 20);
    await page.setViewportSize({ width: 1400, height: 860 });
  });

  it("follows a container's log through the API server's pods/log", async () => {
    const { page } = ui;
    k(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `tick-${hex}`, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'tick', image: 'busybox', command: ['sh', '-c', 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done'] }] } }));
    k(['wait', '--for=condition=Ready', `pod/tick-${hex}`, '--timeout=90s']);
    await openNode('node-1');
    await page.locator('.node-sections button[data-section="logs"]').click();
    await page.getByTestId('log-source').selectOption('container');
    const target = `default/tick-${hex}/tick`;
    await expect.poll(() => page.getByTestId('log-container').locator('option').allTextContents(), { timeout: 15_000 }).toContain(target);
    await page.getByTestId('log-container').selectOption(target);
    await page.locator('.log-pane[data-state="live"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.log-pane .pane-title').innerText()).toContain(`kubectl logs -f tick-${hex} -n default -c tick`);
    await expect.poll(() => page.locator('.log-pane .xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/tick-[1-9]/);
    const seen = (await page.locator('.log-pane .xterm-rows').innerText()).match(/tick-(\d+)/g) ?? [];
    const last = Number((seen.at(-1) ?? 'tick-0').slice(5));
    // followed: lines written after the pane opened keep arriving
    await expect.poll(async () => Number(((await page.locator('.log-pane .xterm-rows').innerText()).match(/tick-(\d+)/g) ?? []).at(-1)?.slice(5) ?? 0), { timeout: 10_000 }).toBeGreaterThan(last + 1);
    k(['delete', 'pod', `tick-${hex}`, '--wait=false']);
  });

  it('lists the pod sandbox containerd runs beside the pod the API server has, matched by UID', async () => {
    const { page } = ui;
    await openNode('node-1');
    await page.locator('.node-sections button[data-section="cri"]').click();
    const row = page.locator(`[data-testid="cri-pods"] tr[data-pod="default/${pod}"]`);
    // kept for the README: the two views of the same pod
    await row.waitFor({ timeout: 15_000 });
    const uid = k(['get', 'pod', pod, '-o', 'jsonpath={.metadata.uid}']);
    expect(await row.getAttribute('data-uid')).toBe(uid);
    expect(await row.locator('.api-side').innerText()).toContain('Running');
    await row.locator('[data-sandbox]').first().waitFor();
    expect(await row.locator('.sandbox-side').innerText()).toContain('SANDBOX_READY');
    expect(await row.locator(`[data-container="${container}"]`).innerText()).toContain('CONTAINER_RUNNING');
    expect(await page.locator('[data-testid="cri-images"]').innerText()).toContain('nginx');
    await ui.screenshot('nodes-crictl.png');
  });

  it('cordons, uncordons and drains from the UI, as kubectl sees it', async () => {
    const { page } = ui;
    await openNode('node-2');
    await page.locator('.node-actions button[data-action="cordon"]').click();
    await expect.poll(() => k(['get', 'node', 'node-2', '--no-headers']), { timeout: 10_000 }).toMatch(/^node-2\s+Ready,SchedulingDisabled\s/);
    await expect.poll(() => page.getByTestId('node-status').innerText(), { timeout: 10_000 }).toBe('Ready,SchedulingDisabled');
    await page.locator('.node-actions button[data-action="uncordon"]').click();
    await expect.poll(() => k(['get', 'node', 'node-2', '--no-headers']), { timeout: 10_000 }).toMatch(/^node-2\s+Ready\s/);
    await page.locator('.node-actions button[data-action="drain"]').click();
    await page.getByRole('alertdialog').locator('button.danger').click();
    await expect.poll(() => page.locator('.node-actions [data-outcome="drain"]').innerText(), { timeout: 20_000 }).toContain('node/node-2 drained');
    expect(k(['get', 'node', 'node-2', '--no-headers'])).toMatch(/^node-2\s+Ready,SchedulingDisabled\s/);
    await page.locator('.node-actions button[data-action="uncordon"]').click();
    await expect.poll(() => k(['get', 'node', 'node-2', '--no-headers']), { timeout: 10_000 }).toMatch(/^node-2\s+Ready\s/);
  });

  it('switches every string of the view to Korean', async () => {
    const { page } = ui;
    await openNode('node-1');
    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    for (const section of ['logs', 'terminal', 'cri'] as const) {
      await page.locator(`.node-sections button[data-section="${section}"]`).click();
      if (section === 'cri') await page.locator('[data-testid="cri-pods"]').waitFor();
      await expectNoEnglish(page, en, ko, `nodes view, ${section}`);
    }
    await page.locator('.node-sections button[data-section="logs"]').click();
    await page.locator('.log-pane[data-state="live"]').waitFor({ timeout: 15_000 });
    await ui.screenshot('nodes-ko.png');
    await page.locator('.language select').selectOption('en');
  });

  it('crashes a node from the UI: kubectl get nodes shows it NotReady', async () => {
    const { page, consoleErrors } = ui;
    await openNode('node-2');
    await page.locator('.node-actions button[data-action="crash"]').click();
    await page.getByRole('alertdialog').locator('button.danger').click();
    await expect.poll(() => page.locator('.node-actions [data-outcome="crash"]').innerText(), { timeout: 10_000 }).toBe('node/node-2 crashed');
    await expect.poll(() => page.locator('.badge.state').getAttribute('data-state'), { timeout: 5_000 }).toBe('crashed');
    await expect.poll(() => k(['get', 'nodes', '--no-headers']), { timeout: 60_000, interval: 500 }).toMatch(/node-2\s+NotReady/);
    await expect.poll(() => page.getByTestId('node-status').innerText(), { timeout: 10_000 }).toBe('NotReady');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
