// The Resources view in real Chromium against a real lab started with `k8s-lab up --ui`:
// a pod made with kubectl shows up live with kubectl's columns, Delete in the UI deletes
// it for kubectl too, the bridge socket wants the token, the CSP holds, and Korean
// replaces every UI string. Screenshots go to test-artifacts/ (gitignored).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { ROOT, removeDir, startLab } from '../integration/support/lab.js';
import type { Lab } from '../integration/support/lab.js';
import { requireTool } from '../integration/support/tools.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
/** nothing in the browser may reach beyond loopback (DESIGN.md: no packet leaves the machine) */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

let lab: Lab;
let uiUrl: string;
let origin: string;
let profile: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}

/** the page's visible text without kubectl's own output (table cells, manifests: data-raw) */
async function uiText(p: Page): Promise<string> {
  return await p.evaluate<string>(`(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('[data-raw]').forEach((el) => el.remove());
    document.documentElement.appendChild(body); // innerText needs layout
    const text = body.innerText;
    body.remove();
    return text;
  })()`);
}

/** distinct colours over a sample of the PNG's pixels, decoded by the browser on a blank page */
async function sampledColours(png: Buffer): Promise<number> {
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

async function screenshot(name: string): Promise<Buffer> {
  const png = await page.screenshot({ fullPage: true });
  writeFileSync(join(ARTIFACTS, name), png);
  return png;
}

beforeAll(async () => {
  const executablePath = requireTool('chromium');
  mkdirSync(ARTIFACTS, { recursive: true });
  lab = await startLab({ extraArgs: ['--ui'], readyTimeoutMs: 60_000 });
  const uiLines = lab.output.filter((l) => l.startsWith('ui '));
  expect(uiLines).toHaveLength(1);
  const m = /^ui (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]{43})$/.exec(uiLines[0] ?? '');
  expect(m, `ui line: ${uiLines[0]}`).not.toBeNull();
  origin = m?.[1] ?? '';
  uiUrl = `${origin}/#token=${m?.[2] ?? ''}`;
  profile = mkdtempSync(join(tmpdir(), 'k8s-lab-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'en-US',
    viewport: { width: 1400, height: 860 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (lab) {
    await lab.stop();
    removeDir(lab.dataDir);
  }
});

describe('k8s-lab up --ui', () => {
  it('serves the UI with a strict CSP and refuses the bridge socket without the token', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const port = new URL(origin).port;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(await res.text()).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|style=/); // nothing inline

    const open = (url: string): Promise<number> =>
      new Promise((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => resolve(-1));
      });
    const token = new URL(uiUrl).hash.replace('#token=', '');
    expect(await open(`ws://127.0.0.1:${port}/bridge`)).toBe(401);
    expect(await open(`ws://127.0.0.1:${port}/bridge?token=${'x'.repeat(43)}`)).toBe(401);
    expect(await open(`ws://127.0.0.1:${port}/bridge?token=${token}`)).toBe(101); // the same call can succeed
  });

  it('shows a pod created with kubectl within 1 s, Pending, and deletes it from the UI', async () => {
    await page.goto(uiUrl);
    await page.locator('.connection.open').waitFor();
    await page.locator('table.resource-table[data-kind="pods"]').waitFor();
    const blankPng = await page.screenshot(); // the app before any pod: the size floor for "not blank"

    const name = `ui-${randomBytes(3).toString('hex')}`;
    const row = page.locator(`tr[data-key="default/${name}"]`);
    // stamp the moment the row enters the DOM in the page itself, so polling delays in the test do not count
    await page.evaluate(`(() => {
      window.__rowSeenAt = 0;
      new MutationObserver((_, obs) => {
        if (document.querySelector('tr[data-key="default/${name}"]')) { window.__rowSeenAt = Date.now(); obs.disconnect(); }
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    const created = lab.kubectl(['run', name, '--image', 'nginx', '--restart', 'Never']);
    const createdAt = Date.now();
    expect(created.code, created.stderr).toBe(0);
    await row.waitFor({ timeout: 10_000 });
    const seenAt = await page.evaluate<number>('window.__rowSeenAt');
    expect(seenAt).toBeGreaterThan(0);
    console.log(`ui: the pod's row appeared ${seenAt - createdAt} ms after kubectl returned`);
    expect(seenAt - createdAt, 'ms from kubectl returning to the row in the table').toBeLessThan(1000);

    // kubectl's columns, as `kubectl get pods -o wide` prints them for a pod no node took
    expect(await page.locator('table.resource-table th').allInnerTexts()).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    expect(await row.locator('td[data-col="NAME"]').innerText()).toBe(name);
    expect(await row.locator('td[data-col="READY"]').innerText()).toBe('0/1');
    expect(await row.locator('td[data-col="STATUS"]').innerText()).toBe('Pending');
    expect(await row.locator('td[data-col="NODE"]').innerText()).toBe('<none>');
    expect(await row.locator('td[data-col="AGE"]').innerText()).toMatch(/^\d+s$/);

    await row.click();
    const detail = page.locator('section.detail');
    await expect.poll(() => detail.locator('pre.manifest').innerText(), { timeout: 10_000 }).toContain(`name: ${name}`);
    expect(await detail.locator('pre.manifest').innerText()).toContain('image: nginx');

    const png = await screenshot('resources-en.png');
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeGreaterThan(blankPng.length); // the row and the detail pane add pixels
    expect(await sampledColours(png)).toBeGreaterThan(20);

    await detail.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.locator('h2').innerText()).toBe(`Delete pods/${name}?`);
    expect(lab.kubectl(['get', 'pod', name, '-o', 'name']).code).toBe(0); // nothing happens before confirming
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('[role="status"]').innerText(), { timeout: 10_000 }).toBe(`Deleted pods/${name}.`);
    await expect.poll(() => lab.kubectl(['get', 'pods', '-o', 'name']).stdout, { timeout: 30_000, interval: 300 }).not.toContain(`pod/${name}`);
    const gone = lab.kubectl(['get', 'pod', name]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('NotFound');
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('switches every nav and header string to Korean', async () => {
    // the same page as the test before: its "Deleted …" notice must switch language too
    if (!page.url().startsWith(origin)) await page.goto(uiUrl);
    await page.locator('.connection.open').waitFor();
    await page.locator('table.resource-table').waitFor();
    const english = await uiText(page);
    expect(english).toContain(en.nav.resources);

    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('nav.app-nav button').allInnerTexts()).toEqual([ko.nav.architecture, ko.nav.resources, ko.nav.editor, ko.nav.nodes, ko.nav.runtimes, ko.nav.setup]);
    expect(await page.locator('.connection').innerText()).toBe(ko.header.connection.open);
    expect(await page.locator('.cluster-info').innerText()).toContain(ko.header.apiServer);

    const e = flatten(en);
    const k = flatten(ko);
    const check = async (where: string): Promise<void> => {
      const text = await uiText(page);
      expect(text, `${where}: an i18n key shows instead of its text`).not.toMatch(/\b(app|header|languages|nav|coming|kinds|resources|detail|confirm|error)\.[a-zA-Z]+/);
      for (const key of Object.keys(e)) {
        if (e[key] === k[key]) continue; // names that are the same in both languages (k8s-lab, English, 한국어)
        // the longest fixed part of a string with {{placeholders}}
        const fixed = (e[key] ?? '').split(/\{\{\w+\}\}/).sort((a, b) => b.length - a.length)[0] ?? '';
        if (fixed.trim().length >= 3) expect(text, `${where}: English "${fixed}" (${key}) is still shown`).not.toContain(fixed);
      }
    };
    await check('resources view');
    await screenshot('resources-ko.png');

    await page.locator('nav.app-nav button', { hasText: ko.nav.nodes }).click();
    await expect.poll(() => page.locator('section.coming').innerText()).toContain(ko.coming.body);
    await check('a view still to come');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(statSync(join(ARTIFACTS, 'resources-ko.png')).size).toBeGreaterThan(20_000);
  });
});
