// The frames a message-based transport carries (the loopback WebSocket; Electron IPC
// maps invoke/reply onto ipcRenderer.invoke and events onto webContents.send instead).
// Requests carry an id so replies can arrive out of order.
import type { Status } from '../kube-types.js';

export interface RequestFrame {
  type: 'request';
  id: number;
  channel: string;
  params: unknown;
}

export type ResponseFrame = { type: 'response'; id: number; ok: true; result: unknown } | { type: 'response'; id: number; ok: false; error: Status };

export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerFrame = ResponseFrame | EventFrame;

/** the WebSocket path; the per-start token goes in the `token` query parameter */
export const BRIDGE_WS_PATH = '/bridge';
