// The desktop window's security settings, in one pure module so a test can read exactly
// what the app uses (Electron's security checklist: context isolation, sandbox, no Node
// in the renderer, a strict CSP, no navigation, no new windows, IPC senders checked).
// No electron import here: the test runs under plain Node.

/** the origin the renderer is served from inside the app (a custom protocol, never file://) */
export const APP_SCHEME = 'k8s-lab';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** BrowserWindow webPreferences, as Electron names them */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
}

export function webPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function mainWindowOptions(preload: string, bounds: WindowBounds): { title: string; show: false; backgroundColor: string; minWidth: number; minHeight: number; webPreferences: SecureWebPreferences } & WindowBounds {
  return { title: 'k8s-lab', show: false, backgroundColor: '#11151c', minWidth: 900, minHeight: 600, ...bounds, webPreferences: webPreferences(preload) };
}

/**
 * The app's CSP: everything from the app's own origin, no eval, no inline script or
 * style, and no network at all from the page (it reaches main over IPC only).
 */
export function appContentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** in-app navigation is never allowed: the app is one page; links go to the OS browser only if https */
export function allowNavigation(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) && !url.includes('..');
}

/** an IPC message counts only from the main window's own top frame on the app's origin */
export function trustedSender(frameUrl: string | undefined, senderId: number, mainWindowId: number | undefined): boolean {
  return mainWindowId !== undefined && senderId === mainWindowId && typeof frameUrl === 'string' && frameUrl.startsWith(`${APP_ORIGIN}/`);
}

/** the IPC channel names: one for requests, one for events */
export const IPC = { invoke: 'k8s-lab:bridge-invoke', event: 'k8s-lab:bridge-event' } as const;
