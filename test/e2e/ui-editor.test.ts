// The manifest editor in real Chromium against a real lab (`k8s-lab up --ui`, no nodes):
// the API server's own error lands on the line of the bad field (strict decoding for an
// unknown field, a 422 cause for an invalid value), a server dry run stores nothing, Apply
// creates the object for kubectl, the diff against a live deployment shows the changed
// image, and the view is all Korean in Korean. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { expectNoEnglish, openApp, openView, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab;

beforeAll(async () => {
  ui = await startUiLab();
});

afterAll(async () => {
  await ui?.stop();
});

const MULTI = `apiVersion: v1
kind: Pod
metadata:
  name: ed-bad
spec:
  containers:
  - name: nginx
    imagee: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ed-web
spec:
  replicas: -1
  selector:
    matchLabels:
      app: ed-web
  template:
    metadata:
      labels:
        app: ed-web
    spec:
      containers:
      - name: nginx
        image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: ed-dry
spec:
  containers:
  - name: nginx
    image: nginx
`;

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

/** opens text in the editor the way a user does: the file picker (renderer-only FileReader) */
async function openText(name: string, text: string): Promise<void> {
  const { page } = ui;
  await page.locator('.editor-view input[type="file"]').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect.poll(() => page.locator('.editor-messages [role="status"]').innerText()).toBe(`Opened ${name}.`);
  await expect.poll(() => page.locator('.code-editor .cm-content').innerText()).toContain((text.split('\n')[3] ?? '').trim());
}

/** the 1-based editor line a lint range with this text sits on (the editor lives in a shadow root) */
async function editorLineOf(selector: string, hasText: string): Promise<number> {
  return await ui.page.evaluate<number>(`(() => {
    const lines = [...document.querySelector('.code-editor').shadowRoot.querySelectorAll('.cm-content > .cm-line')];
    return lines.findIndex((l) => [...l.querySelectorAll(${JSON.stringify(selector)})].some((r) => r.textContent.includes(${JSON.stringify(hasText)}))) + 1;
  })()`);
}

describe('manifest editor', () => {
  it("puts the API server's errors on the lines of the bad fields, and a dry run stores nothing", async () => {
    const { page, lab } = ui;
    await openApp(ui);
    await openView(ui, en.nav.editor);
    await page.locator('.code-editor .cm-editor').waitFor();
    // the schema comes from the API server's own /openapi/v3
    await expect.poll(() => page.locator('.schema-state').innerText(), { timeout: 10_000 }).toMatch(/^Schema: \d+ kinds from the API server$/);
    await openText('multi.yaml', MULTI);

    await page.locator('button[data-action="dryRun"]').click();
    const api = page.locator('.editor-messages li[data-source="api"]');
    await expect.poll(() => api.count(), { timeout: 10_000 }).toBe(3);

    // 400 strict decoding error (no causes; the field is named in the message), on the imagee line
    const unknown = api.filter({ hasText: 'unknown field' });
    expect(await unknown.locator('.text').innerText()).toBe('pod/ed-bad: strict decoding error: unknown field "spec.containers[0].imagee"');
    expect(Number(await unknown.getAttribute('data-line'))).toBe(lineOf(MULTI, 'imagee'));
    // 422 Invalid with details.causes, in the second document
    const invalid = api.filter({ hasText: 'spec.replicas' });
    expect(await invalid.locator('.text').innerText()).toBe('deployment.apps/ed-web: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(Number(await invalid.getAttribute('data-line'))).toBe(lineOf(MULTI, 'replicas: -1'));
    expect(await api.filter({ hasText: 'ed-dry' }).locator('.text').innerText()).toBe('pod/ed-dry serverside-applied (server dry run)');

    // the CodeMirror diagnostic: on the same line, carrying the API server's message
    // (the linter runs 250 ms after the API's diagnostics arrive)
    await expect.poll(() => editorLineOf('.cm-lintRange-error', 'imagee')).toBe(lineOf(MULTI, 'imagee'));
    await expect.poll(() => editorLineOf('.cm-lintRange-error', 'replicas')).toBe(lineOf(MULTI, 'replicas: -1'));
    await page.locator('.cm-lintRange-error', { hasText: 'imagee' }).first().hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await expect.poll(() => tooltip.innerText(), { timeout: 5000 }).toContain('strict decoding error: unknown field "spec.containers[0].imagee"');
    expect(await tooltip.innerText()).toContain('API server');

    // the schema lint said so before anything was sent, too
    expect(await page.locator('.editor-messages li[data-source="schema"]', { hasText: 'unknown field "spec.containers[0].imagee"' }).getAttribute('data-line')).toBe(String(lineOf(MULTI, 'imagee')));

    // a server dry run stores nothing
    for (const [kind, name] of [['pod', 'ed-dry'], ['pod', 'ed-bad'], ['deployment', 'ed-web']] as const) {
      const got = lab.kubectl(['get', kind, name]);
      expect(got.code, `${kind}/${name} must not exist after a dry run`).toBe(1);
      expect(got.stderr).toContain('NotFound');
    }
  });

  it('applies a valid manifest from the editor: kubectl sees the object, managed by k8s-lab-editor', async () => {
    const { page, lab } = ui;
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ed-apply\n  labels:\n    app: ed-apply\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n`;
    await openText('pod.yaml', pod);
    await page.locator('button[data-action="apply"]').click();
    const ok = page.locator('.editor-messages li[data-source="api"].ok');
    await expect.poll(() => ok.innerText(), { timeout: 10_000 }).toContain('pod/ed-apply serverside-applied');
    expect(await page.locator('.editor-messages li[data-source="api"].error').count()).toBe(0);
    const got = lab.kubectl(['get', 'pod', 'ed-apply', '-o', 'jsonpath={.spec.containers[0].image} {.metadata.managedFields[*].manager}']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^nginx .*k8s-lab-editor/);

    // completion from the API server's schema: a Container's fields, with their descriptions
    await page.locator('.code-editor .cm-line', { hasText: /image: nginx$/ }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('imagePu');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'imagePullPolicy' });
    await option.waitFor({ timeout: 5000 });
    expect(await option.innerText()).toContain('string');
  });

  it('diffs a changed image against the live deployment without changing it', async () => {
    const { page, lab } = ui;
    const created = lab.kubectl(['create', 'deployment', 'ed-diff', '--image', 'nginx']);
    expect(created.code, created.stderr).toBe(0);

    await page.locator('.load-live select').selectOption('deployments');
    await page.locator('.load-live input').fill('ed-diff');
    await page.locator('.load-live button[type="submit"]').click();
    await expect.poll(() => page.locator('.editor-messages [role="status"]').innerText()).toBe('Loaded deployments/ed-diff from the cluster.');
    const content = page.locator('.code-editor .cm-content');
    expect(await content.innerText()).toContain('name: ed-diff');
    expect(await content.innerText()).not.toContain('managedFields');

    // edit like a user: end of the image line, type the tag
    await page.locator('.code-editor .cm-line', { hasText: /image: nginx$/ }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(':1.25');
    await expect.poll(() => content.innerText()).toContain('image: nginx:1.25');

    await page.locator('button[data-action="diff"]').click();
    const pane = page.locator('.diff-pane');
    await pane.waitFor({ timeout: 10_000 });
    const live = pane.locator('.cm-merge-a .cm-changedLine');
    const merged = pane.locator('.cm-merge-b .cm-changedLine');
    await expect.poll(() => live.allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/image: nginx$/));
    expect(await merged.allInnerTexts()).toContainEqual(expect.stringMatching(/image: nginx:1\.25$/));
    // no server noise: neither side shows managedFields or resourceVersion
    for (const side of ['.cm-merge-a', '.cm-merge-b']) expect(await pane.locator(side).innerText()).not.toMatch(/managedFields|resourceVersion/);
    const still = lab.kubectl(['get', 'deployment', 'ed-diff', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(still.stdout).toBe('nginx');

    await ui.screenshot('editor.png');
  });

  it('shows every editor string in Korean, with no console or CSP errors', async () => {
    const { page, consoleErrors } = ui;
    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await expect.poll(() => page.locator('button[data-action="apply"]').innerText()).toBe(ko.editor.apply);
    await expectNoEnglish(page, en, ko, 'editor view');
    await ui.screenshot('editor-ko.png');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
