// The preload (sandboxed): exposes one narrow object to the page, `window.k8sLab`, with
// exactly the bridge's two operations. The page never sees ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';

// the channel names repeat security.ts's IPC: a sandboxed preload may only require 'electron'
const INVOKE = 'k8s-lab:bridge-invoke';
const EVENT = 'k8s-lab:bridge-event';

contextBridge.exposeInMainWorld('k8sLab', {
  invoke: (channel: string, params: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE, String(channel), params),
  onEvent: (listener: (event: string, payload: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, event: string, payload: unknown): void => listener(event, payload);
    ipcRenderer.on(EVENT, wrapped);
    return () => ipcRenderer.removeListener(EVENT, wrapped);
  },
});
