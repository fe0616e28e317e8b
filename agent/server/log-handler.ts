// GET /containerLogs/{namespace}/{pod}/{container}: the kubelet's getContainerLogs.
// Errors before the first byte are plain-text answers with the kubelet's codes (404
// for an unknown pod or container, 400 for everything GetKubeletContainerLogs refuses).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KubeletServerError, kubeletErrors } from './errors.js';
import { parseLogOptions } from './logs/log-options.js';
import { openLog, streamLog } from './logs/log-stream.js';
import type { KubeletRuntime } from './types.js';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  query: URLSearchParams;
}

export async function serveContainerLogs(runtime: KubeletRuntime, r: LogRequest, req: IncomingMessage, res: ServerResponse, pollMs: number): Promise<void> {
  const opts = parseLogOptions(r.query, Date.now());
  const c = await runtime.resolveContainer(r.namespace, r.pod, r.container);
  let path = c.logPath;
  if (opts.previous) {
    if (!c.previousLogPath) throw kubeletErrors.previousNotFound(r.container, r.pod);
    path = c.previousLogPath;
  }
  const fh = await openLog(path).catch((err: Error) => {
    throw new KubeletServerError(400, `failed to open log file ${JSON.stringify(path)}: ${err.message}`);
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders(); // a followed log may stay silent for long: let the client see the 200 now
  const ctl = new AbortController();
  req.socket.once('close', () => ctl.abort());
  res.once('close', () => ctl.abort());
  const sink = {
    write: (chunk: Buffer): Promise<void> =>
      new Promise<void>((resolve) => {
        if (ctl.signal.aborted || res.write(chunk)) return resolve();
        const done = (): void => {
          res.off('drain', done);
          ctl.signal.removeEventListener('abort', done);
          resolve();
        };
        res.once('drain', done);
        ctl.signal.addEventListener('abort', done);
      }),
  };
  const follow = opts.previous ? undefined : { isRunning: () => runtime.isRunning(c.containerId), pollMs, signal: ctl.signal };
  await streamLog(fh, path, opts, sink, follow);
  res.end();
}
