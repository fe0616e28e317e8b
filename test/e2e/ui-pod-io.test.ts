// A pod's Logs and Exec in the Resources view, in real Chromium against a real lab with one
// host node: the log comes through the API server's pods/log (the init container's too,
// from the container picker), and a shell runs in the container through the API server's
// pods/exec over the v5 WebSocket channel protocol, as kubectl exec -it opens it —
// arithmetic in busybox sh, `exit 3` reported as exit code 3, `exit` as 0. Korean
// replaces every UI string with the panes open. Screenshots go to test-artifacts/.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';
import { expectNoEnglish, openApp, startUiLab } from './support/ui.js';
import type { UiLab } from './support/ui.js';

let ui: UiLab;
const hex = randomBytes(3).toString('hex');
const pod = `io-${hex}`;

const k = (args: string[], input?: string): string => {
  const r = ui.lab.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  ui = await startUiLab({ nodes: 1, nodeCidr: '10.233.0.0/24', clusterCidr: '10.232.0.0/16' });
  const deadline = Date.now() + 120_000;
  while (!/\sReady\s/.test(k(['get', 'nodes', '--no-headers']))) {
    if (Date.now() > deadline) throw new Error(`node not Ready: ${k(['get', 'nodes'])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  k(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: 'default' },
    spec: {
      initContainers: [{ name: 'prep', image: 'busybox', command: ['sh', '-c', 'echo init-done-here'] }],
      containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hello-from-pod; sleep 3600'] }],
    },
  }));
  k(['wait', '--for=condition=Ready', `pod/${pod}`, '--timeout=120s']);
}, 400_000);

afterAll(async () => {
  await ui?.stop();
});

async function openPod(): Promise<void> {
  const { page } = ui;
  await openApp(ui);
  await page.locator(`tr[data-key="default/${pod}"]`).click();
  await page.locator('[data-slot="pod-logs-exec"] [data-testid="pod-container"]').waitFor();
}

const logText = (): Promise<string> => ui.page.locator('.pod-io-pane .log-pane .xterm-rows').innerText();
const termText = (): Promise<string> => ui.page.locator('.pod-io-pane .terminal-pane .xterm-rows').innerText();

describe("a pod's Logs and Exec in the Resources view", () => {
  it("follows the container's log, and the init container's from the picker", async () => {
    const { page } = ui;
    await openPod();
    const picker = page.getByTestId('pod-container');
    expect(await picker.locator('option').allTextContents()).toEqual(['main', 'prep']);
    const groups = picker.locator('optgroup');
    expect(await groups.count()).toBe(2);
    expect([await groups.nth(0).getAttribute('label'), await groups.nth(1).getAttribute('label')]).toEqual([en.podIo.containers, en.podIo.initContainers]);
    expect(await picker.inputValue()).toBe('main');
    await page.locator('button[data-action="logs"]').click();
    await page.locator('.pod-io-pane .log-pane[data-state="live"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.pod-io-pane .log-pane .pane-title').innerText()).toContain(`kubectl logs -f ${pod} -n default -c main`);
    await expect.poll(logText, { timeout: 10_000 }).toContain('hello-from-pod');

    await picker.selectOption('prep');
    await page.locator('button[data-action="logs"]').click();
    await expect.poll(() => page.locator('.pod-io-pane .log-pane .pane-title').innerText(), { timeout: 10_000 }).toContain('-c prep');
    await expect.poll(logText, { timeout: 10_000 }).toContain('init-done-here');
    expect(await logText()).not.toContain('hello-from-pod');
    // the init container has finished: its log ends
    await page.locator('.pod-io-pane .log-pane[data-state="ended"]').waitFor({ timeout: 10_000 });

    // kubectl logs -p on a container that never restarted: the kubelet's 400, as kubectl shows it
    await picker.selectOption('main');
    await page.getByTestId('pod-logs-previous').check();
    await page.locator('button[data-action="logs"]').click();
    await expect.poll(() => page.locator('.pod-io-pane .log-pane').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    expect(await page.locator('.pod-io-pane .log-pane .pane-status').innerText()).toContain('previous terminated container "main"');
    await page.getByTestId('pod-logs-previous').uncheck();
  });

  it('runs a shell in the container through pods/exec: 6*7 is 42, exit 3 is exit code 3, exit is 0', async () => {
    const { page } = ui;
    await openPod();
    expect(await page.getByTestId('pod-exec-command').inputValue()).toBe('sh');
    await page.locator('button[data-action="exec"]').click();
    await page.locator('.pod-io-pane .terminal-pane[data-state="open"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.pod-io-pane .pane-title').innerText()).toBe(`$ kubectl exec -it ${pod} -n default -c main -- sh`);
    // the protocol kubectl 1.32 speaks, negotiated with the API server (and through it the agent)
    expect(await page.locator('.pod-io-pane .pane-title').getAttribute('data-protocol')).toBe('v5.channel.k8s.io');
    // busybox sh's prompt on a tty
    await expect.poll(termText, { timeout: 10_000 }).toContain('/ #');
    await page.locator('.pod-io-pane .xterm-host').click();
    await page.keyboard.type('echo $((6*7))');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await termText()).split('\n').map((l) => l.trim()), { timeout: 10_000 }).toContain('42');
    // the shell's tty has the pane's size (the resize channel): stty size prints "rows cols"
    await page.keyboard.type('stty size');
    await page.keyboard.press('Enter');
    await expect.poll(termText, { timeout: 10_000 }).toMatch(/^\d{1,3} \d{2,3}\s*$/m);
    await ui.screenshot('resources-pod-io.png');

    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    await page.locator('.pod-io-pane .terminal-pane[data-state="exited"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.pod-exec-exit').getAttribute('data-exit-code')).toBe('3');
    expect(await page.locator('.pod-exec-exit').innerText()).toBe(en.podIo.exitCode.replace('{{code}}', '3'));
    expect(await page.locator('.pod-io-pane .terminal-pane .pane-status').innerText()).toContain('command terminated with exit code 3');

    // a new shell from the pane, ended with a plain exit
    await page.locator('.pod-io-pane .terminal-pane button').click();
    await page.locator('.pod-io-pane .terminal-pane[data-state="open"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.pod-exec-exit').count()).toBe(0);
    await expect.poll(termText, { timeout: 10_000 }).toContain('/ #');
    await page.locator('.pod-io-pane .xterm-host').click();
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pod-exec-exit').getAttribute('data-exit-code'), { timeout: 10_000 }).toBe('0');
  });

  it('runs a typed command, and reports a missing program as the API server does', async () => {
    const { page } = ui;
    await openPod();
    await page.getByTestId('pod-exec-command').fill(`sh -c 'echo typed-$((2+3)); exit 7'`);
    await page.locator('button[data-action="exec"]').click();
    await expect.poll(() => page.locator('.pod-exec-exit').getAttribute('data-exit-code'), { timeout: 15_000 }).toBe('7');
    expect(await termText()).toContain('typed-5');
    expect(await page.locator('.pod-io-pane .pane-title').innerText()).toBe(`$ kubectl exec -it ${pod} -n default -c main -- sh -c 'echo typed-$((2+3)); exit 7'`);

    await page.getByTestId('pod-exec-command').fill('no-such-program');
    await page.locator('button[data-action="exec"]').click();
    await page.locator('.pod-io-pane .terminal-pane[data-state="exited"]').waitFor({ timeout: 15_000 });
    // the runtime's refusal comes back on the error channel as an InternalError Status: no exit code
    expect(await page.locator('.pod-io-pane .terminal-pane .pane-status').innerText()).toContain('exec: "no-such-program": executable file not found in $PATH');
    expect(await page.locator('.pod-exec-exit').getAttribute('data-exit-code')).toBe('');
    expect(await page.locator('.pod-exec-exit').innerText()).toBe(en.podIo.exitUnknown);
    await page.getByTestId('pod-exec-command').fill('sh');
  });

  it('switches every string to Korean with the panes open', async () => {
    const { page, consoleErrors } = ui;
    await openPod();
    await page.locator('.language select').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await page.locator('button[data-action="logs"]').click();
    await page.locator('.pod-io-pane .log-pane[data-state="live"]').waitFor({ timeout: 15_000 });
    await expect.poll(logText, { timeout: 10_000 }).toContain('hello-from-pod');
    await expectNoEnglish(page, en, ko, 'resources view, pod logs');
    await page.locator('button[data-action="exec"]').click();
    await page.locator('.pod-io-pane .terminal-pane[data-state="open"]').waitFor({ timeout: 15_000 });
    await expect.poll(termText, { timeout: 10_000 }).toContain('/ #');
    await page.locator('.pod-io-pane .xterm-host').click();
    await page.keyboard.type('exit 1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pod-exec-exit').innerText(), { timeout: 10_000 }).toBe(ko.podIo.exitCode.replace('{{code}}', '1'));
    await expectNoEnglish(page, en, ko, 'resources view, pod exec');
    await ui.screenshot('resources-pod-io-ko.png');
    await page.locator('.language select').selectOption('en');
    expect(consoleErrors.filter((m) => /Content Security Policy|Refused to/.test(m))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
