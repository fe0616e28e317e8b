// `kubectl exec -it POD -- CMD` from main: a WebSocket to the API server's pods/exec with
// the v5 (else v4) channel protocol, as the lab's admin (its client certificate, the
// same TLS material as the ApiClient). The API server checks the pod and container and
// splices the upgrade through to the node's agent (control-plane/apiserver/handlers/
// node-proxy.ts), which bridges it to containerd's streaming server (agent/server/
// exec-bridge.ts). The frames are ./exec-frames.ts.
import { StringDecoder } from 'node:string_decoder';
import WebSocket from 'ws';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import type { Status } from '../../common/kube-types.js';
import { EXEC_PROTOCOLS, EXEC_PROTOCOL_V5, ExecChannel, closeFrame, decodeFrame, execUrl, exitFromStatus, resizeFrame, stdinFrame } from './exec-frames.js';
import type { ExecExit } from './exec-frames.js';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container?: string;
  command: readonly string[];
  cols: number;
  rows: number;
}

export interface ExecCallbacks {
  onData(text: string): void;
  /** once, when the session is over (the command exited, or the connection broke) */
  onExit(exit: ExecExit): void;
}

export interface ExecHandle {
  readonly protocol: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** ends the session from our side (v5: stdin closed first, as kubectl does at EOF) */
  close(): void;
}

/** the handshake may wait on the node's agent and containerd; past this it is a failure */
const OPEN_TIMEOUT_MS = 20_000;

export function openExec(admin: ApiClient, t: ExecTarget, cb: ExecCallbacks): Promise<ExecHandle> {
  const url = execUrl(admin.creds.server, { ...t, tty: true });
  const ws = new WebSocket(url, [...EXEC_PROTOCOLS], {
    ca: admin.creds.caPem,
    cert: admin.creds.certPem,
    key: admin.creds.keyPem,
    handshakeTimeout: OPEN_TIMEOUT_MS,
    headers: { 'User-Agent': admin.creds.userAgent ?? 'k8s-lab-ui' },
  });
  return new Promise<ExecHandle>((resolve, reject) => {
    let opened = false;
    let exit: ExecExit | undefined;
    let ended = false;
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    const emit = (text: string): void => {
      if (text) cb.onData(text);
    };
    const end = (fallback: string): void => {
      if (ended) return;
      ended = true;
      const rest = out.end() + err.end();
      if (rest) cb.onData(rest);
      cb.onExit(exit ?? { code: null, reason: fallback });
    };

    ws.on('unexpected-response', (_req, res) => {
      // the API server's refusal (pod not found, container not running, …) is a Status
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        reject(new ApiClientError(refusal(res.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'))));
        ws.terminate();
      });
    });
    ws.on('error', (e) => {
      if (!opened) reject(new ApiClientError(failure(503, 'ServiceUnavailable', `error dialing the API server's exec: ${e.message}`)));
      else end(e.message);
    });
    ws.on('message', (raw: WebSocket.RawData, isBinary: boolean) => {
      const msg = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      if (!isBinary && msg.length === 0) return;
      const f = decodeFrame(msg, ws.protocol);
      if (f.kind !== 'data') return;
      if (f.channel === ExecChannel.STDOUT) emit(out.write(f.data));
      else if (f.channel === ExecChannel.STDERR) emit(err.write(f.data));
      else if (f.channel === ExecChannel.ERROR && f.data.length > 0) exit = exitFromStatus(f.data);
    });
    ws.on('close', (code, why) => end(why.toString() || `the connection closed (${code})`));
    ws.on('open', () => {
      opened = true;
      const protocol = ws.protocol;
      const send = (b: Buffer): void => {
        if (ws.readyState === WebSocket.OPEN) ws.send(b);
      };
      // kubectl sends the terminal's size first (its TerminalSizeQueue's initial size)
      send(resizeFrame(t.cols, t.rows));
      resolve({
        protocol,
        write: (data) => send(stdinFrame(data)),
        resize: (cols, rows) => send(resizeFrame(cols, rows)),
        close: () => {
          if (protocol === EXEC_PROTOCOL_V5) send(closeFrame(ExecChannel.STDIN));
          if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
          // a server that does not answer the close in time: drop the socket
          setTimeout(() => ws.terminate(), 2000).unref();
        },
      });
    });
  });
}

function failure(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** the refusal's body as the Status it is, or a Status made from its text */
function refusal(code: number, body: string): Status {
  try {
    const s = JSON.parse(body) as Partial<Status>;
    if (s.kind === 'Status' && typeof s.message === 'string') return { ...failure(code, String(s.reason ?? ''), s.message), ...s };
  } catch {
    // plain text (a proxy's or the agent's own answer)
  }
  return failure(code, code === 404 ? 'NotFound' : code === 400 ? 'BadRequest' : 'InternalError', body.trim() || `HTTP ${code}`);
}
