// gRPC connections to the members of a real etcd cluster (kube-apiserver's
// --etcd-servers): one grpc-js Client per endpoint, calls go to the current one and
// move to the next when it stops answering (first-healthy, like clientv3's default).
import { Client, Metadata, credentials, status } from '@grpc/grpc-js';
import type { CallOptions, ChannelCredentials, ClientDuplexStream, ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import { fromGrpcError } from './errors.js';
import { etcdMethod } from './proto.js';
import type { EtcdServiceName } from './proto.js';

export interface EtcdTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface EtcdConnectionOptions {
  /** https://host:port or http://host:port (a bare host:port is https when tls is given) */
  endpoints: string[];
  tls?: EtcdTls;
  /** per-call deadline; default 60 s (a write under load must not fail early) */
  callTimeoutMs?: number;
}

interface Endpoint {
  url: string;
  client: Client;
}

const CHANNEL_OPTIONS = {
  // A full list of a large resource can exceed gRPC's 4 MiB default.
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  // Notice a dead member on an idle connection; etcd's default keepalive policy
  // (--grpc-keepalive-min-time 5s) allows one ping every 30 s.
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

function parseEndpoint(raw: string, tls: EtcdTls | undefined): { target: string; creds: ChannelCredentials } {
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(raw.trim());
  const secure = match ? match[1] === 'https' : tls !== undefined;
  const target = match?.[2] ?? raw.trim();
  if (!secure) return { target, creds: credentials.createInsecure() };
  return { target, creds: tls ? credentials.createSsl(tls.ca, tls.key, tls.cert) : credentials.createSsl() };
}

/** Failures that mean "this member is not answering", worth another member. */
export function isUnavailable(error: unknown): boolean {
  const code = (error as Partial<ServiceError>).code;
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
}

export class EtcdConnection {
  private readonly endpoints: Endpoint[];
  private current = 0;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(options: EtcdConnectionOptions) {
    if (options.endpoints.length === 0) throw new StoreError('invalid-argument', 'etcd: no endpoints given');
    this.timeoutMs = options.callTimeoutMs ?? 60_000;
    this.endpoints = options.endpoints.map((url) => {
      const { target, creds } = parseEndpoint(url, options.tls);
      return { url, client: new Client(target, creds, CHANNEL_OPTIONS) };
    });
  }

  get url(): string {
    return this.active().url;
  }

  private active(): Endpoint {
    if (this.closed) throw new StoreError('closed', 'etcd client is closed');
    const endpoint = this.endpoints[this.current % this.endpoints.length];
    if (!endpoint) throw new StoreError('closed', 'etcd client has no endpoint');
    return endpoint;
  }

  /** Move on from `failed` (if it is still the current endpoint). */
  rotate(failed: Client): void {
    if (this.closed) return;
    if (this.active().client === failed) this.current = (this.current + 1) % this.endpoints.length;
  }

  private callOptions(): CallOptions {
    return { deadline: Date.now() + this.timeoutMs };
  }

  private once<Req, Res>(client: Client, service: EtcdServiceName, method: string, request: Req): Promise<Res> {
    const def = etcdMethod<Req, Res>(service, method);
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, request, this.callOptions(), (error, value) => {
        if (error) reject(error);
        else if (value === undefined) reject(new Error(`etcd: ${service}/${method} returned no message`));
        else resolve(value);
      });
    });
  }

  /**
   * One unary call. An idempotent call (a read) is retried on each other endpoint when
   * the current one is unreachable; a write is not, since it may have been applied.
   */
  async unary<Req, Res>(service: EtcdServiceName, method: string, request: Req, idempotent: boolean): Promise<Res> {
    const attempts = idempotent ? this.endpoints.length : 1;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      const { client } = this.active();
      try {
        return await this.once<Req, Res>(client, service, method, request);
      } catch (error) {
        last = error;
        if (!isUnavailable(error)) break;
        this.rotate(client);
      }
    }
    throw fromGrpcError(last);
  }

  /** Try every endpoint until one answers `probe`; used once when connecting. */
  async firstHealthy(probe: (connection: this) => Promise<unknown>): Promise<void> {
    const failures: string[] = [];
    for (let i = 0; i < this.endpoints.length; i++) {
      const { client, url } = this.active();
      try {
        await probe(this);
        return;
      } catch (error) {
        failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
        this.rotate(client);
      }
    }
    throw new StoreError('unavailable', `etcd: no endpoint answered (${failures.join('; ')})`);
  }

  bidi<Req, Res>(service: EtcdServiceName, method: string, metadata = new Metadata()): { call: ClientDuplexStream<Req, Res>; client: Client } {
    const def = etcdMethod<Req, Res>(service, method);
    const { client } = this.active();
    return { call: client.makeBidiStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, metadata), client };
  }

  serverStream<Req, Res>(service: EtcdServiceName, method: string, request: Req): ClientReadableStream<Res> {
    const def = etcdMethod<Req, Res>(service, method);
    return this.active().client.makeServerStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, request, new Metadata());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { client } of this.endpoints) client.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
