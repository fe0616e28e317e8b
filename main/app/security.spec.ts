// The desktop window's security, read from the code that creates it: a regression in any
// of these (Electron's security checklist) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowNavigation, APP_ORIGIN, appContentSecurityPolicy, mainWindowOptions, trustedSender, webPreferences } from './security.js';

const source = (file: string): string => readFileSync(join(import.meta.dirname, file), 'utf8');

describe('window options', () => {
  it('isolates and sandboxes the renderer, with no Node anywhere in it', () => {
    const opts = mainWindowOptions('/x/preload.cjs', { width: 1000, height: 700 });
    expect(opts.webPreferences).toEqual(webPreferences('/x/preload.cjs'));
    expect(opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(opts.show).toBe(false);
  });

  it('is the only way main.ts makes a window, and navigation and new windows are blocked there', () => {
    const main = source('main.ts');
    const creations = main.match(/new BrowserWindow\(/g) ?? [];
    expect(creations).toHaveLength(1);
    expect(main).toContain('new BrowserWindow(mainWindowOptions(');
    expect(main).toMatch(/setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \}/);
    expect(main).toMatch(/'will-navigate', \(e, url\) => \{\s*if \(!allowNavigation\(url\)\) e\.preventDefault\(\);/);
    expect(main).toContain("'will-attach-webview', (e) => e.preventDefault()");
    expect(main).toContain("'Content-Security-Policy': appContentSecurityPolicy()");
    expect(main).toContain('setPermissionRequestHandler((_wc, _permission, callback) => callback(false))');
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
  });
});

describe('content security policy', () => {
  const csp = appContentSecurityPolicy();
  it('allows only the app itself, no eval, no inline code, no network from the page', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });
});

describe('IPC', () => {
  it('trusts only the main window on the app origin', () => {
    expect(trustedSender(`${APP_ORIGIN}/index.html`, 7, 7)).toBe(true);
    expect(trustedSender(`${APP_ORIGIN}/index.html`, 8, 7)).toBe(false);
    expect(trustedSender('https://example.com/', 7, 7)).toBe(false);
    expect(trustedSender('file:///etc/passwd', 7, 7)).toBe(false);
    expect(trustedSender(undefined, 7, 7)).toBe(false);
    expect(trustedSender(`${APP_ORIGIN}/index.html`, 7, undefined)).toBe(false);
  });

  it('checks the sender before every bridge call, and the preload exposes one narrow object', () => {
    const ipc = source('ipc-bridge.ts');
    expect(ipc).toMatch(/if \(!trustedSender\([\s\S]*?\)\) \{\s*return \{ ok: false/);
    const preload = source('preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g) ?? []).toHaveLength(1);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
    expect(preload).not.toMatch(/ipcRenderer\.send\(|require\(/);
  });

  it('allows navigation only inside the app', () => {
    expect(allowNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(allowNavigation('https://evil.example/')).toBe(false);
    expect(allowNavigation(`${APP_ORIGIN}/../x`)).toBe(false);
  });
});
