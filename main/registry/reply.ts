// One response, counting the bytes it sends so the request log can say how much went out.

import { createReadStream } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { DistributionError } from './errors.js';

// Docker clients check this header on /v2/ to know they talk to a v2 registry
// (distribution sets it on every response; docker/distribution docs/spec/api.md).
const API_VERSION_HEADER = { 'Docker-Distribution-API-Version': 'registry/2.0' };

export class Reply {
  bytes = 0;
  readonly head: boolean;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.head = req.method === 'HEAD';
  }

  /** A complete response; HEAD gets the same status and headers (Content-Length included) and no body. */
  send(status: number, headers: OutgoingHttpHeaders, body?: Buffer): void {
    const length = body?.length ?? 0;
    this.res.writeHead(status, { ...API_VERSION_HEADER, 'Content-Length': length, ...headers });
    if (this.head || !body) {
      this.res.end();
      return;
    }
    this.bytes += length;
    this.res.end(body);
  }

  json(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
    this.send(status, { 'Content-Type': 'application/json', ...headers }, Buffer.from(JSON.stringify(value)));
  }

  error(err: DistributionError, headers: OutgoingHttpHeaders = {}): void {
    this.send(err.status, { 'Content-Type': 'application/json', ...headers }, Buffer.from(err.toBody()));
  }

  /** Go's ServeMux answer for a path no route matches, as distribution gives it. */
  notFound(): void {
    this.send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('404 page not found\n'));
  }

  /** Streams bytes [start, end] (inclusive) of a file; resolves when the response is done. */
  file(status: number, headers: OutgoingHttpHeaders, path: string, start: number, end: number): Promise<void> {
    this.res.writeHead(status, { ...API_VERSION_HEADER, 'Content-Length': end - start + 1, ...headers });
    if (this.head || end < start) {
      this.res.end();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const stream = createReadStream(path, { start, end });
      stream.on('data', (chunk) => {
        this.bytes += chunk.length;
      });
      // A read error after the headers went out can only cut the response short:
      // the client sees fewer bytes than Content-Length and retries.
      stream.on('error', () => this.res.destroy());
      this.res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(this.res);
    });
  }
}
