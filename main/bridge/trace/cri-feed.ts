// The CRI calls of every node's agent, while the trace is watched: one streaming GET per
// node on the API server's nodes/proxy subresource (/api/v1/nodes/NAME/proxy/criTrace),
// as kubernetes-admin, which the API server forwards to the node's kubelet server with its
// kubelet client certificate — the path `kubectl get --raw` would take. Nodes are followed
// with a watch: a new node gets a stream, a deleted one loses it, a broken stream (the agent
// restarted, the VM rebooted) is dialed again and resumes after the last seq it saw.
import type { ClientRequest } from 'node:http';
import type { CriCallTrace } from '../../common/bridge/trace.js';
import type { ApiClient, WatchHandle } from '../../common/client/api-client.js';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const RETRY_MS = 2_000;

interface NodeStream {
  req?: ClientRequest;
  timer?: ReturnType<typeof setTimeout>;
}

export class CriFeed {
  private running = false;
  private watch?: WatchHandle;
  private readonly streams = new Map<string, NodeStream>();
  /** per node, the last seq seen: kept across start/stop so history is not read twice */
  private readonly lastSeq = new Map<string, number>();

  constructor(
    private readonly admin: ApiClient,
    private readonly onCall: (node: string, e: CriCallTrace) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.follow();
  }

  stop(): void {
    this.running = false;
    this.watch?.stop();
    this.watch = undefined;
    for (const name of [...this.streams.keys()]) this.drop(name);
  }

  private follow(): void {
    if (!this.running) return;
    this.watch = this.admin.watch(NODES, { resourceVersion: '0' }, (e) => {
      const name = e.object.metadata.name ?? '';
      if (!name || e.type === 'BOOKMARK' || e.type === 'ERROR') return;
      if (e.type === 'DELETED') {
        this.drop(name);
        return;
      }
      if (!this.streams.has(name)) this.connect(name);
    });
    // a watch ends at the server's timeout: start again (nodes listed again as ADDED)
    void this.watch.done.then(() => {
      if (this.running) setTimeout(() => this.follow(), 500);
    });
  }

  private drop(name: string): void {
    const s = this.streams.get(name);
    this.streams.delete(name);
    if (s?.timer) clearTimeout(s.timer);
    s?.req?.destroy();
  }

  private connect(name: string): void {
    const stream: NodeStream = {};
    this.streams.set(name, stream);
    const after = this.lastSeq.get(name) ?? 0;
    const path = `/api/v1/nodes/${encodeURIComponent(name)}/proxy/criTrace?follow=true&after=${after}`;
    const retry = (): void => {
      if (!this.running || this.streams.get(name) !== stream || stream.timer) return;
      stream.req = undefined;
      stream.timer = setTimeout(() => {
        if (this.running && this.streams.get(name) === stream) {
          this.streams.delete(name);
          this.connect(name);
        }
      }, RETRY_MS);
    };
    const req = this.admin.openStream(path, { accept: 'application/x-ndjson', userAgent: 'k8s-lab-trace' }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        res.once('end', retry);
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) this.line(name, line);
        }
      });
      res.once('close', retry);
    });
    req.once('error', retry);
    stream.req = req;
  }

  private line(node: string, line: string): void {
    let e: CriCallTrace;
    try {
      e = JSON.parse(line) as CriCallTrace;
    } catch {
      return;
    }
    if (typeof e.seq !== 'number' || e.seq <= (this.lastSeq.get(node) ?? 0)) return;
    this.lastSeq.set(node, e.seq);
    this.onCall(node, e);
  }
}
