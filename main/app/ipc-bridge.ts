// The bridge over Electron IPC: the same BridgeService the headless WebSocket serves
// (behind the LateBridge, which answers Setup before the lab exists),
// one session per window, every message's sender checked before it is handled.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import type { BridgeHost } from '../bridge/setup/late-bridge.js';
import { failureStatus } from '../common/bridge/contract.js';
import { IPC, trustedSender } from './security.js';

type Session = ReturnType<BridgeHost['openSession']>;

export function serveBridgeIpc(bridge: BridgeHost, window: BrowserWindow): () => void {
  const contents = window.webContents;
  let session: Session | undefined;
  const open = (): Session => {
    session ??= bridge.openSession((event, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC.event, event, payload);
    });
    return session;
  };
  ipcMain.handle(IPC.invoke, (e: IpcMainInvokeEvent, channel: unknown, params: unknown) => {
    if (!trustedSender(e.senderFrame?.url, e.sender.id, contents.isDestroyed() ? undefined : contents.id)) {
      return { ok: false, error: failureStatus(403, 'Forbidden', 'IPC from an untrusted sender') };
    }
    return open().handle(channel, params);
  });
  // a reload starts a new page: its live tables start over
  contents.on('did-start-navigation', () => {
    session?.close();
    session = undefined;
  });
  return () => {
    ipcMain.removeHandler(IPC.invoke);
    session?.close();
  };
}
