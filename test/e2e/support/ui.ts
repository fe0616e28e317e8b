// What every UI test needs: a real lab started with `k8s-lab up --ui` (optionally with
// host nodes), Debian's Chromium through playwright-core on the printed URL, the page's
// visible UI text, and screenshots checked to be non-blank (saved in test-artifacts/).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT, removeDir, startLab } from '../../integration/support/lab.js';
import type { Lab } from '../../integration/support/lab.js';
import { requireTool } from '../../integration/support/tools.js';

export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** nothing in the browser may reach beyond loopback (DESIGN.md: no packet leaves the machine) */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface UiLab {
  lab: Lab;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** the printed URL, token included */
  url: string;
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors seen so far */
  consoleErrors: string[];
  /** a full-page screenshot saved as test-artifacts/NAME, checked to be non-blank */
  screenshot(name: string, p?: Page): Promise<Buffer>;
  stop(): Promise<void>;
}

export interface UiLabOptions {
  /** host nodes (0: control plane only); each test file uses its own ranges */
  nodes?: number;
  nodeCidr?: string;
  clusterCidr?: string;
  extraArgs?: string[];
  locale?: string;
  /** added to the lab process's environment (see startLab) */
  env?: Record<string, string>;
}

export async function startUiLab(opts: UiLabOptions = {}): Promise<UiLab> {
  const executablePath = requireTool('chromium');
  mkdirSync(ARTIFACTS, { recursive: true });
  const nodes = opts.nodes ?? 0;
  const nodeArgs = nodes > 0 ? ['--nodes', String(nodes), '--provider', 'host', '--node-cidr', opts.nodeCidr ?? '10.242.0.0/24', '--cluster-cidr', opts.clusterCidr ?? '10.246.0.0/16'] : [];
  if (nodes > 0) for (const tool of ['containerd', 'runc', 'ip', 'nsenter', 'iptables', 'script']) requireTool(tool);
  const lab = await startLab({ extraArgs: ['--ui', ...nodeArgs, ...(opts.extraArgs ?? [])], readyTimeoutMs: nodes > 0 ? 300_000 : 60_000, env: opts.env });
  const uiLines = lab.output.filter((l) => l.startsWith('ui '));
  expect(uiLines).toHaveLength(1);
  const m = /^ui (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]{43})$/.exec(uiLines[0] ?? '');
  expect(m, `ui line: ${uiLines[0]}`).not.toBeNull();
  const origin = m?.[1] ?? '';
  const url = `${origin}/#token=${m?.[2] ?? ''}`;
  const profile = mkdtempSync(join(tmpdir(), 'k8s-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1400, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    lab,
    origin,
    url,
    context,
    page,
    consoleErrors,
    async screenshot(name, p = page) {
      const png = await p.screenshot({ fullPage: true });
      writeFileSync(join(ARTIFACTS, name), png);
      expect(png.length, `${name} is too small to show anything`).toBeGreaterThan(20_000);
      expect(await sampledColours(context, png), `${name} looks blank`).toBeGreaterThan(20);
      return png;
    },
    async stop() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await lab.stop();
      removeDir(lab.dataDir);
    },
  };
}

/** opens the app on the printed URL and waits for the bridge to connect */
export async function openApp(ui: UiLab): Promise<void> {
  if (!ui.page.url().startsWith(ui.origin)) await ui.page.goto(ui.url);
  await ui.page.locator('.connection.open').waitFor();
}

/** clicks a view in the left nav by its English or Korean label (see renderer/i18n) */
export async function openView(ui: UiLab, label: string): Promise<void> {
  await ui.page.locator('nav.app-nav button', { hasText: label }).click();
}

export function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}

/** the page's visible text without cluster data (table cells, manifests, logs: anything under [data-raw]) */
export async function uiText(p: Page): Promise<string> {
  return await p.evaluate<string>(`(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('[data-raw]').forEach((el) => el.remove());
    document.documentElement.appendChild(body); // innerText needs layout
    const text = body.innerText;
    body.remove();
    return text;
  })()`);
}

/**
 * Fails when the visible UI text still shows an English string that has a Korean
 * translation, or an i18n key instead of its text.
 */
export async function expectNoEnglish(p: Page, en: object, ko: object, where: string): Promise<void> {
  const e = flatten(en);
  const k = flatten(ko);
  const text = await uiText(p);
  const roots = Object.keys(en).join('|');
  expect(text, `${where}: an i18n key shows instead of its text`).not.toMatch(new RegExp(`\\b(${roots})\\.[a-zA-Z]+\\.?[a-zA-Z]*\\b(?![-/])`));
  for (const key of Object.keys(e)) {
    if (e[key] === k[key]) continue; // names that are the same in both languages
    // the longest fixed part of a string with {{placeholders}}
    const fixed = (e[key] ?? '').split(/\{\{\w+\}\}/).sort((a, b) => b.length - a.length)[0] ?? '';
    if (fixed.trim().length >= 3) expect(text, `${where}: English "${fixed}" (${key}) is still shown`).not.toContain(fixed);
  }
}

/** distinct colours over a sample of the PNG's pixels, decoded by the browser on a blank page */
export async function sampledColours(context: BrowserContext, png: Buffer): Promise<number> {
  const blank = await context.newPage();
  try {
    return await blank.evaluate<number>(`(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 61) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    })(${JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)})`);
  } finally {
    await blank.close();
  }
}
