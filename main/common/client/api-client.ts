// A Kubernetes REST client over HTTPS with a client certificate, the way the scheduler,
// the controllers and the node agents reach the API server (client-go's role). It lives in
// main/common because the agent (its own process, in a VM) uses the same client: it imports
// only node:https and the shared types. Errors come back as ApiClientError carrying the Status.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import type { KubeList, KubeObject, Status } from '../kube-types.js';

export interface ClientCredentials {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  userAgent?: string;
}

export class ApiClientError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `HTTP ${status.code}`);
    this.name = 'ApiClientError';
  }
  get code(): number {
    return this.status.code;
  }
}

export interface ResourcePath {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
}

export function resourceUrl(p: ResourcePath, name?: string, subresource?: string): string {
  const base = p.group ? `/apis/${p.group}/${p.version}` : `/api/${p.version}`;
  const ns = p.namespace ? `/namespaces/${encodeURIComponent(p.namespace)}` : '';
  return `${base}${ns}/${p.resource}${name ? `/${encodeURIComponent(name)}` : ''}${subresource ? `/${subresource}` : ''}`;
}

export interface WatchEventLine<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface WatchHandle {
  stop(): void;
  /** resolves when the stream ends (server timeout, error, or stop) */
  done: Promise<void>;
}

export class ApiClient {
  private readonly agent: Agent;

  constructor(readonly creds: ClientCredentials) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64, ca: creds.caPem, cert: creds.certPem, key: creds.keyPem });
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Promise<T> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        `${this.creds.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            Accept: 'application/json',
            'User-Agent': this.creds.userAgent ?? 'k8s-lab',
            ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(parsed as T);
            else {
              const status =
                parsed && typeof parsed === 'object' && (parsed as { kind?: string }).kind === 'Status'
                  ? (parsed as Status)
                  : ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, message: text.trim() || `HTTP ${code}` } as Status);
              reject(new ApiClientError(status));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T extends KubeObject = KubeObject>(p: ResourcePath, name: string, subresource?: string): Promise<T> {
    return this.request<T>('GET', resourceUrl(p, name, subresource));
  }

  list<T extends KubeObject = KubeObject>(p: ResourcePath, query: Record<string, string> = {}): Promise<KubeList<T>> {
    const qs = new URLSearchParams(query).toString();
    return this.request<KubeList<T>>('GET', resourceUrl(p) + (qs ? `?${qs}` : ''));
  }

  create<T extends KubeObject = KubeObject>(p: ResourcePath, obj: KubeObject, subresource?: string, name?: string): Promise<T> {
    return this.request<T>('POST', resourceUrl(p, name, subresource), obj);
  }

  update<T extends KubeObject = KubeObject>(p: ResourcePath, obj: KubeObject, subresource?: string): Promise<T> {
    return this.request<T>('PUT', resourceUrl(p, obj.metadata.name, subresource), obj);
  }

  patch<T extends KubeObject = KubeObject>(p: ResourcePath, name: string, patch: unknown, type: 'merge' | 'strategic' | 'json' = 'merge', subresource?: string): Promise<T> {
    const ct = type === 'merge' ? 'application/merge-patch+json' : type === 'strategic' ? 'application/strategic-merge-patch+json' : 'application/json-patch+json';
    return this.request<T>('PATCH', resourceUrl(p, name, subresource), patch, ct);
  }

  delete(p: ResourcePath, name: string, options: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('DELETE', resourceUrl(p, name), { kind: 'DeleteOptions', apiVersion: 'v1', ...options });
  }

  deleteCollection(p: ResourcePath, query: Record<string, string> = {}): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    return this.request('DELETE', resourceUrl(p) + (qs ? `?${qs}` : ''));
  }

  /**
   * A GET whose body may never end (pods/log?follow=true, nodes/NAME/proxy/…): the response
   * is handed over as it arrives, on a connection of its own so a long stream does not hold
   * one of the pooled keep-alive sockets. `userAgent` names the caller in the trace.
   */
  openStream(path: string, o: { accept: string; userAgent: string }, onResponse: (res: IncomingMessage) => void): ClientRequest {
    const { caPem, certPem, keyPem } = this.creds;
    const req = request(`${this.creds.server}${path}`, { method: 'GET', ca: caPem, cert: certPem, key: keyPem, agent: false, headers: { Accept: o.accept, 'User-Agent': o.userAgent } }, onResponse);
    req.end();
    return req;
  }

  /** a streaming watch; each line is one event */
  watch<T extends KubeObject = KubeObject>(p: ResourcePath, query: Record<string, string>, onEvent: (e: WatchEventLine<T>) => void): WatchHandle {
    const qs = new URLSearchParams({ ...query, watch: 'true' }).toString();
    let stopFn: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      const req = request(`${this.creds.server}${resourceUrl(p)}?${qs}`, { method: 'GET', agent: this.agent, headers: { Accept: 'application/json', 'User-Agent': this.creds.userAgent ?? 'k8s-lab' } }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line.trim()) onEvent(JSON.parse(line) as WatchEventLine<T>);
          }
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
      stopFn = () => {
        req.destroy();
        resolve();
      };
    });
    return { stop: () => stopFn(), done };
  }

  close(): void {
    this.agent.destroy();
  }
}
