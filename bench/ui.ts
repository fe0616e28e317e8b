// The desktop UI's two figures, headless: `k8s-lab up --ui` (control plane only) and
// Debian's Chromium through playwright-core, already open on a blank page as the app's
// window would be.
// - first_paint_ms: from the `ready` line (the control plane is up) to the app's first
//   view rendered in the page (nav and the first view's content in the DOM, stamped at the
//   next animation frame, i.e. when it paints).
// - trace_lag_p99_ms: over BENCH_WRITES configmap creates (BENCH_RATE/s), the time from
//   the API server's trace stamp of each create request to its step on screen in the
//   Architecture view (a MutationObserver in the page stamps the row's arrival).
// Last line: one JSON object.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ApiClient } from '../main/common/client/api-client.js';
import { readKubeconfig } from '../main/control-plane/pki/index.js';

const WRITES = Number(process.env.BENCH_WRITES ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const tmp = process.env.BENCH_TMP ?? '/tmp';
const dataDir = join(tmp, 'lab');
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// the app's window exists before the lab is ready, as in the desktop app
const profile = mkdtempSync(join(tmpdir(), 'k8s-lab-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: execFileSync('which', ['chromium']).toString().trim(), headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 860 } });
const page = context.pages()[0] ?? (await context.newPage());
await page.addInitScript(`(() => {
  window.__firstView = 0;
  const seen = () => document.querySelector('nav.app-nav button') && document.querySelector('main.view > *');
  const obs = new MutationObserver(() => {
    if (!seen()) return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__firstView = Date.now(); });
  });
  document.addEventListener('DOMContentLoaded', () => obs.observe(document.body, { childList: true, subtree: true }));
})()`);

const lab = spawn(process.execPath, [join(process.cwd(), 'bin', 'k8s-lab.mjs'), 'up', '--ui', '--data-dir', dataDir, '--port', '0', '--etcd-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const stopAll = async (): Promise<void> => {
  await context.close().catch(() => undefined);
  rmSync(profile, { recursive: true, force: true });
  if (lab.exitCode === null) {
    lab.kill('SIGTERM');
    await new Promise((r) => lab.once('exit', r));
  }
};

try {
  const { url, readyAt } = await new Promise<{ url: string; readyAt: number }>((resolve, reject) => {
    let buf = '';
    let ui = '';
    lab.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      ui ||= /^ui (\S+)$/m.exec(buf)?.[1] ?? '';
      if (buf.includes('ready kubeconfig=')) resolve({ url: ui, readyAt: Date.now() });
    });
    lab.on('exit', (c) => reject(new Error(`k8s-lab up exited (${String(c)})`)));
  });
  if (!url) throw new Error('k8s-lab up printed no ui line');
  // not awaited: the first view may paint before the load event
  const navigated = page.goto(url).catch((e: unknown) => e);
  // polled from here: waitForFunction would evaluate in the page, which its CSP forbids
  let firstView = 0;
  for (const until = Date.now() + 30_000; !firstView && Date.now() < until; await sleep(20)) firstView = await page.evaluate<number>('window.__firstView || 0').catch(() => 0);
  if (!firstView) throw new Error('the app did not render within 30 s');
  const firstPaint = firstView - readyAt;
  const nav = await navigated;
  if (nav instanceof Error) throw nav;
  console.log(`first view painted ${firstPaint} ms after ready`);

  await page.locator('.connection.open').waitFor();
  await page.locator('nav.app-nav button', { hasText: 'Architecture' }).click();
  await page.locator('.arch-box[data-box="kube-apiserver"]').waitFor({ timeout: 30_000 });
  await page.evaluate(`(() => {
    window.__lags = {};
    const stamp = () => {
      const now = Date.now();
      for (const el of document.querySelectorAll('li.arch-step[data-kind="request"]')) {
        const id = el.getAttribute('data-step-id');
        if (window.__lags[id] !== undefined || !el.textContent.includes('configmaps/default/bench-ui-')) continue;
        window.__lags[id] = now - Number(el.getAttribute('data-ts'));
      }
    };
    new MutationObserver(stamp).observe(document.body, { childList: true, subtree: true });
  })()`);

  const kc = await readKubeconfig(join(dataDir, 'kubeconfig'));
  const client = new ApiClient({ server: kc.server, caPem: kc.caPem, certPem: kc.certPem, keyPem: kc.keyPem, userAgent: 'bench-ui' });
  const t0 = performance.now();
  for (let i = 0; i < WRITES; i++) {
    await client.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bench-ui-${i}` }, data: { i: String(i) } });
    const due = t0 + ((i + 1) * 1000) / RATE;
    await sleep(Math.max(0, due - performance.now()));
  }
  await sleep(1000);
  const lags = Object.values(await page.evaluate<Record<string, number>>('window.__lags'));
  await client.deleteCollection(CONFIGMAPS, {});
  client.close();
  const result = {
    first_paint_ms: firstPaint,
    trace_lag_p50_ms: pct(lags, 50),
    trace_lag_p99_ms: pct(lags, 99),
    trace_lag_max_ms: Math.max(...lags),
    writes: WRITES,
    writes_per_s: RATE,
    // a create whose story was replaced by a newer one within one batch never shows its row
    steps_seen: lags.length,
  };
  await stopAll();
  console.log(JSON.stringify(result));
} catch (e) {
  await stopAll();
  throw e;
}
