// GET /criTrace[?after=SEQ][&follow=true]: the agent's recent CRI calls as NDJSON, one
// CriCallTrace a line, then (follow) each new one as it ends. The API server's nodes/proxy
// subresource brings it to the app's live trace; a reader that reconnects passes the last
// seq it saw. A blank line every 15 s keeps idle connections (and proxies) from timing out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CriCallTrace } from '../../main/common/bridge/trace.js';
import { KubeletServerError } from './errors.js';

export interface CriTraceSource {
  recent(afterSeq?: number): CriCallTrace[];
  subscribe(listener: (e: CriCallTrace) => void): () => void;
}

const KEEPALIVE_MS = 15_000;

export async function serveCriTrace(source: CriTraceSource | undefined, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!source) throw new KubeletServerError(404, '404 page not found');
  const after = Number(query.get('after') ?? '0');
  if (!Number.isInteger(after) || after < 0) throw new KubeletServerError(400, `invalid after ${JSON.stringify(query.get('after'))}`);
  const follow = query.get('follow') === 'true' || query.get('follow') === '1';
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' });
  let last = after;
  const write = (e: CriCallTrace): void => {
    if (e.seq <= last) return;
    last = e.seq;
    res.write(`${JSON.stringify(e)}\n`);
  };
  if (!follow) {
    for (const e of source.recent(after)) write(e);
    res.end();
    return;
  }
  // subscribe first, then replay: nothing ends between the two unseen (write skips repeats)
  const pending: CriCallTrace[] = [];
  let replaying = true;
  const off = source.subscribe((e) => (replaying ? pending.push(e) : write(e)));
  for (const e of source.recent(after)) write(e);
  for (const e of pending) write(e);
  replaying = false;
  res.flushHeaders();
  const keepalive = setInterval(() => res.write('\n'), KEEPALIVE_MS);
  await new Promise<void>((resolve) => {
    const end = (): void => {
      clearInterval(keepalive);
      off();
      resolve();
    };
    req.once('close', end);
    res.once('close', end);
  });
}
