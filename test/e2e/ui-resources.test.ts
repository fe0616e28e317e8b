// The Resources view in real Chromium against a real lab started with `k8s-lab up --ui`:
// a pod made with kubectl shows up live with kubectl's columns, Delete in the UI deletes
// it for kubectl too, the bridge socket wants the token, the CSP holds, and Korean
// replaces every UI string. Screenshots go to test-artifacts/ (gitignored).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { expectNoEnglish, openApp, openView, uiText, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab;

beforeAll(async () => {
  ui = await startUiLab();
});

afterAll(async () => {
  await ui?.stop();
});

describe('k8s-lab up --ui', () => {
  it('serves the UI with a strict CSP and refuses the bridge socket without the token', async () => {
    const { origin, url: uiUrl } = ui;
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
    const { page, lab } = ui;
    await openApp(ui);
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

    const png = await ui.screenshot('resources-en.png');
    expect(png.length).toBeGreaterThan(blankPng.length); // the row and the detail pane add pixels

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
    const { page, consoleErrors } = ui;
    await openApp(ui);
    await page.locator('table.resource-table').waitFor();
    const english = await uiText(page);
    expect(english).toContain(en.nav.resources);

    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('nav.app-nav button').allInnerTexts()).toEqual([ko.nav.architecture, ko.nav.resources, ko.nav.editor, ko.nav.nodes, ko.nav.runtimes, ko.nav.setup]);
    expect(await page.locator('.connection').innerText()).toBe(ko.header.connection.open);
    expect(await page.locator('.cluster-info').innerText()).toContain(ko.header.apiServer);

    await expectNoEnglish(page, en, ko, 'resources view');
    await ui.screenshot('resources-ko.png');
    // switch back for the next test file's sake is not needed: each file has its own browser
    await openView(ui, ko.nav.setup);
    await expectNoEnglish(page, en, ko, 'the setup view');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
