// The desktop app (Electron main process): one instance, one window, the lab started in
// this process (control plane, nodes), the renderer served from the app's own origin
// and talking to the lab only through the IPC bridge. On first run the window opens on
// the Setup view and the lab starts with the user's choice (./lab-launch.ts); later
// runs start it at once. Quitting asks whether to stop the lab (VMs shut down, state
// flushed) or keep it running in the background.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, session, shell } from 'electron';
import { assetPath, relocateAssets } from '../assets.js';
import { BridgeService } from '../bridge/bridge-service.js';
import { LateBridge } from '../bridge/setup/late-bridge.js';
import type { BridgeHost } from '../bridge/setup/late-bridge.js';
import { SetupService } from '../bridge/setup/setup-service.js';
import { resolveDataDir } from '../cli/data-dir.js';
import { bridgeDeps, startLabRuntime } from '../lab-runtime.js';
import type { LabRuntime } from '../lab-runtime.js';
import { serveBridgeIpc } from './ipc-bridge.js';
import { AppLab } from './lab-launch.js';
import { packagedAssetDirs } from './packaging.js';
import { allowNavigation, APP_ORIGIN, APP_SCHEME, appContentSecurityPolicy, mainWindowOptions } from './security.js';
import { loadBounds, saveBounds } from './window-state.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

if (app.isPackaged) {
  // the node and lab images ship as extraResources, beside the app rather than inside it
  for (const { prefix, dir } of packagedAssetDirs(process.resourcesPath)) relocateAssets(prefix, dir);
  // the agent and the image builders run as `process.execPath script.mjs`: Electron's binary, as Node
  process.env.ELECTRON_RUN_AS_NODE = '1';
}

const dataDir = resolveDataDir(process.env.K8S_LAB_DATA_DIR);
const log = (line: string): void => console.log(line);
let runtime: LabRuntime | undefined;
const lab = new AppLab({
  dataDir,
  env: process.env,
  startLab: startLabRuntime,
  log,
  onStarted: (rt) => {
    runtime = rt;
    bridge.attach(new BridgeService(bridgeDeps({ ...rt, dataDir })));
  },
});
const bridge = new LateBridge(new SetupService(lab.context(), () => ({ provider: runtime?.lab?.provider, apiServerUrl: runtime?.cp.apiServer.url })));
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

function createWindow(bridge: BridgeHost): BrowserWindow {
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
  // the window first: it shows the Setup view (first run) or the start's progress
  window = createWindow(bridge);
  // a failed start stays on screen in Setup, where the user may choose again
  if (lab.phase() !== 'first-run') await lab.startRemembered().catch((err: unknown) => log(`start: ${err instanceof Error ? err.message : String(err)}`));
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
