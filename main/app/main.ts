// The desktop app (Electron main process): one instance, one window, the lab started in
// this process (control plane, nodes), the renderer served from the app's own origin
// and talking to the lab only through the IPC bridge. Quitting asks whether to stop the
// lab (VMs shut down, state flushed) or keep it running in the background.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { assetPath } from '../assets.js';
import { BridgeService } from '../bridge/bridge-service.js';
import { resolveDataDir } from '../cli/data-dir.js';
import { bridgeDeps, startLabRuntime } from '../lab-runtime.js';
import type { LabRuntime } from '../lab-runtime.js';
import { serveBridgeIpc } from './ipc-bridge.js';
import { allowNavigation, APP_ORIGIN, APP_SCHEME, appContentSecurityPolicy, mainWindowOptions } from './security.js';
import { loadBounds, saveBounds } from './window-state.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

const dataDir = resolveDataDir(process.env.K8S_LAB_DATA_DIR);
const log = (line: string): void => console.log(line);
let runtime: LabRuntime | undefined;
let window: BrowserWindow | undefined;
let quitting: 'ask' | 'stop' | 'leave' = 'ask';

/** the renderer's files, from dist/renderer only, with the app's CSP on every response */
async function serveApp(request: Request): Promise<Response> {
  const root = assetPath('dist/renderer');
  const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(/^\/+/, '') || 'index.html';
  const file = join(root, path);
  if (!file.startsWith(root)) return new Response('forbidden', { status: 403 });
  try {
    return new Response(await readFile(file), { headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': appContentSecurityPolicy() } });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

function createWindow(bridge: BridgeService): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(assetPath('dist/preload.cjs'), loadBounds(dataDir)));
  // no new windows, no navigation away from the app; https links open in the OS browser
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!allowNavigation(url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  const stopIpc = serveBridgeIpc(bridge, win);
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveBounds(dataDir, win.getBounds()));
  win.on('closed', () => {
    stopIpc();
    window = undefined;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function menu(): Menu {
  return Menu.buildFromTemplate([
    { label: 'k8s-lab', submenu: [{ label: 'Stop the lab and quit', click: () => quit('stop') }, { label: 'Quit, leave the lab running', click: () => quit('leave') }] },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
  ]);
}

function quit(how: 'stop' | 'leave'): void {
  quitting = how;
  app.quit();
}

async function start(): Promise<void> {
  // no permission (camera, notifications, …) is ever granted to the page
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  protocol.handle(APP_SCHEME, serveApp);
  Menu.setApplicationMenu(menu());
  runtime = await startLabRuntime(
    { dataDir, nodes: 0, provider: 'host', port: 6443, etcdPort: 2379, etcdServers: [], controllers: {}, nodeCidr: '10.240.0.0/24', clusterCidr: '10.244.0.0/16' },
    log,
  );
  const bridge = new BridgeService(bridgeDeps({ ...runtime, dataDir }));
  window = createWindow(bridge);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => {
    if (quitting === 'leave') return;
    app.quit();
  });
  app.on('before-quit', (e) => {
    if (!runtime) return;
    e.preventDefault();
    const rt = runtime;
    void (async () => {
      let how = quitting;
      if (how === 'ask') {
        const { response } = await dialog.showMessageBox({ type: 'question', buttons: ['Stop the lab', 'Keep it running'], defaultId: 0, message: 'Stop the lab too?', detail: 'Stopping shuts the nodes down and saves the cluster; keeping it running leaves kubectl working after the window closes.' });
        how = response === 0 ? 'stop' : 'leave';
      }
      if (how === 'leave') {
        quitting = 'leave';
        window?.close();
        return;
      }
      runtime = undefined;
      await rt.stop().catch((err: unknown) => log(`stop: ${String(err)}`));
      app.quit();
    })();
  });
  void app.whenReady().then(start).catch((err: unknown) => {
    dialog.showErrorBox('k8s-lab could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
