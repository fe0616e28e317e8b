// The Architecture view in real Chromium against a real lab with one host node: the
// drawing shows the control plane and node-1 healthy, and `kubectl run nginx` appears as
// one story — the API request, the store write with its key and revision, the scheduler's
// binding to node-1, the agent's CRI calls with their durations, the status written back —
// whose steps open their raw request and response. Korean replaces every UI string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { expectNoEnglish, openApp, openView, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab;

beforeAll(async () => {
  ui = await startUiLab({ nodes: 1, nodeCidr: '10.243.0.0/24', clusterCidr: '10.247.0.0/16' });
}, 320_000);

afterAll(async () => {
  await ui?.stop();
});

const stepsOf = (kind: string): Promise<{ text: string; ts: number }[]> =>
  ui.page.evaluate<{ text: string; ts: number }[]>(
    `[...document.querySelectorAll('li.arch-step[data-kind="${kind}"]')].map((el) => ({ text: el.innerText, ts: Number(el.getAttribute('data-ts')) }))`,
  );

describe('the Architecture view', () => {
  it('draws the control plane and node-1, healthy', async () => {
    const { page } = ui;
    await openApp(ui);
    await openView(ui, en.nav.architecture);
    for (const id of ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'registry', 'node-1/kubelet', 'node-1/kube-proxy', 'node-1/containerd']) {
      await page.locator(`.arch-box[data-box="${id}"][data-health="ok"]`).waitFor({ timeout: 30_000 });
    }
    await page.locator('.arch-group[data-group="node-1"]').waitFor();
    expect(await page.locator('.arch-box[data-box="kube-controller-manager"] .arch-items li').count()).toBeGreaterThan(3);
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThanOrEqual(9);
  });

  it('traces kubectl run nginx from the API request to StartContainer', async () => {
    const { page, lab } = ui;
    const run = lab.kubectl(['run', 'nginx', '--image', 'nginx']);
    expect(run.code, run.stderr).toBe(0);
    const story = page.locator('button.arch-story[data-story^="pods/default/nginx#"]');
    await story.first().waitFor({ timeout: 10_000 });
    await story.first().click();
    await page.locator('li.arch-step[data-kind="cri"]', { hasText: 'StartContainer' }).waitFor({ timeout: 120_000 });
    await page.locator('li.arch-step[data-kind="request"]', { hasText: 'pods/default/nginx/status' }).first().waitFor({ timeout: 30_000 });

    expect(await story.count(), 'one story for the pod').toBe(1);
    const requests = await stepsOf('request');
    const create = requests.find((s) => s.text.includes('CREATE pods/default/nginx → 201'));
    expect(create?.text).toContain('kubernetes-admin [system:masters, system:authenticated]');
    const store = (await stepsOf('store')).find((s) => /create \/registry\/pods\/default\/nginx @ revision \d+/.test(s.text));
    expect(store, 'the store write with its key and revision').toBeDefined();
    const decision = (await stepsOf('schedule')).find((s) => s.text.includes('Scheduled → node-1'));
    // one feasible node: kube-scheduler skips scoring, as the real one does
    expect(decision?.text).toMatch(/node-1( score \d+)? ✓/);
    const binding = requests.find((s) => s.text.includes('CREATE pods/default/nginx/binding → 201') && s.text.includes('system:kube-scheduler'));
    expect(binding, 'the binding by the scheduler').toBeDefined();
    const delivered = (await stepsOf('watch')).map((s) => s.text);
    expect(delivered.some((t) => t.includes('→ system:kube-scheduler'))).toBe(true);
    expect(delivered.some((t) => t.includes('→ system:node:node-1'))).toBe(true);

    const cri = await stepsOf('cri');
    const call = (method: string): { text: string; ts: number } | undefined => cri.find((s) => s.text.includes(`node-1: ${method}`));
    for (const m of ['RunPodSandbox', 'CreateContainer', 'StartContainer']) expect(call(m)?.text, m).toMatch(/ · \d+(\.\d)? ms · OK/);
    expect(call('PullImage') ?? call('ImageStatus'), 'PullImage or ImageStatus').toBeDefined();
    expect((call('PullImage') ?? call('ImageStatus'))?.text).toMatch(/ · \d+(\.\d)? ms · OK/);
    const status = requests.find((s) => s.text.includes('pods/default/nginx/status') && s.text.includes('system:node:node-1'));
    expect(status, 'the status written back by the agent').toBeDefined();

    // one path, in order
    const order = [create, decision, binding, call('RunPodSandbox'), call('CreateContainer'), call('StartContainer')].map((s) => s?.ts ?? NaN);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await page.locator('.arch-box[data-box="node-1/pods"] .arch-items li', { hasText: 'default/nginx' }).waitFor({ timeout: 15_000 });
  });

  it("serves the agent's CRI calls through the API server's nodes/proxy, as kubectl get --raw reads them", () => {
    const { lab } = ui;
    const healthz = lab.kubectl(['get', '--raw', '/api/v1/nodes/node-1/proxy/healthz']);
    expect(healthz.stdout.trim(), healthz.stderr).toBe('ok');
    const raw = lab.kubectl(['get', '--raw', '/api/v1/nodes/node-1/proxy/criTrace']);
    expect(raw.code, raw.stderr).toBe(0);
    const calls = raw.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { method: string; pod?: string; ms: number; seq: number });
    expect(calls.filter((c) => c.pod === 'nginx').map((c) => c.method)).toEqual(expect.arrayContaining(['RunPodSandbox', 'CreateContainer', 'StartContainer']));
    const after = calls[calls.length - 2]?.seq ?? 0;
    const tail = lab.kubectl(['get', '--raw', `/api/v1/nodes/node-1/proxy/criTrace?after=${after}`]);
    expect(tail.stdout.trim().split('\n')).toHaveLength(1);
    expect(lab.kubectl(['get', '--raw', '/api/v1/nodes/node-9/proxy/healthz']).stderr).toContain('nodes "node-9" not found');
  });

  it("opens a step's raw request and response", async () => {
    const { page } = ui;
    await page.locator('li.arch-step[data-kind="request"] button', { hasText: 'CREATE pods/default/nginx → 201' }).click();
    const request = page.locator('.trace-raw-request');
    await request.waitFor();
    const sent = await request.innerText();
    expect(sent).toContain('"kind": "Pod"');
    expect(sent).toContain('"image": "nginx"');
    const answer = await page.locator('.trace-raw-response').innerText();
    expect(answer).toMatch(/"uid": "[0-9a-f-]{36}"/);
    expect(answer).toContain('"resourceVersion"');
    await ui.screenshot('architecture.png');
    await page.locator('.arch-detail-panel button').click();

    // the store step has no bodies: the panel says so and shows what was recorded
    await page.locator('li.arch-step[data-kind="store"] button').first().click();
    await page.locator('.trace-raw-step').waitFor();
    expect(await page.locator('.trace-raw-step').innerText()).toContain('"key": "/registry/pods/default/nginx"');
    await page.locator('.arch-detail-panel button').click();
  });

  it('replays the history with the timeline', async () => {
    const { page } = ui;
    const scrub = page.locator('.arch-timeline input[type="range"]');
    const min = Number(await scrub.getAttribute('min'));
    // React listens for input events: set the value the way a drag does
    await page.evaluate(`(() => {
      const input = document.querySelector('.arch-timeline input[type="range"]');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '${min}');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await expect.poll(() => page.locator('.arch-live').getAttribute('aria-pressed')).toBe('false');
    await page.locator('.arch-live').click();
    await expect.poll(() => page.locator('.arch-live').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('li.arch-step[data-kind="cri"]', { hasText: 'StartContainer' }).count()).toBeGreaterThan(0);
  });

  it('shows every string in Korean, with no console or CSP errors', async () => {
    const { page, consoleErrors } = ui;
    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await expect.poll(() => page.locator('.arch-box[data-box="kube-apiserver"] .arch-state').textContent()).toBe(ko.architecture.health.ok);
    await expectNoEnglish(page, en, ko, 'architecture view');
    await page.locator('li.arch-step[data-kind="request"] button').first().click();
    await page.locator('.arch-detail-panel h2', { hasText: ko.architecture.detail.title }).waitFor();
    await expectNoEnglish(page, en, ko, 'architecture step details');
    await page.locator('.arch-detail-panel button').click();
    await ui.screenshot('architecture-ko.png');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
