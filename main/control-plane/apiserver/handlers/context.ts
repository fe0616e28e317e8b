// What every REST handler gets: the shared services (registry, storage, clock, trace,
// admission) and the parsed request.
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../../common/kube-types.js';
import type { TraceBus } from '../../trace/trace-bus.js';
import type { ResourceRegistry } from '../registry.js';
import type { ResourceRequest } from '../request-info.js';
import type { ResourceDef } from '../resources/types.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { TolerationSeconds } from '../defaults/pod.js';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface Clock {
  now(): number;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  def: ResourceDef;
  subresource: string;
  namespace: string;
  object: KubeObject;
  old?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
}

/** A mutating-then-validating admission plugin; throws ApiError to refuse. */
export interface AdmissionPlugin {
  name: string;
  admit(req: AdmissionRequest, api: ApiServices): Promise<void>;
}

export interface ApiServices {
  registry: ResourceRegistry;
  objects: ObjectStore;
  clock: Clock;
  trace: TraceBus;
  admission: AdmissionPlugin[];
  /** namespaces as the API server last saw them (watch-fed) */
  namespaces: { get(name: string): Promise<{ terminating: boolean } | undefined> };
  newUid(): string;
  /** DefaultTolerationSeconds admission (--default-not-ready/unreachable-toleration-seconds) */
  tolerationSeconds: TolerationSeconds;
  /** lease id to attach to events (kube --event-ttl), undefined to store without TTL */
  eventLease(): Promise<number | undefined>;
  /** opens a connection to a node's kubelet port for logs/exec; set when nodes exist */
  kubelet?: KubeletDialer;
}

export interface KubeletDialer {
  /** GET a kubelet path (e.g. /containerLogs/ns/pod/container?follow=true) as a stream */
  get(node: KubeObject, path: string): Promise<NodeJS.ReadableStream & { statusCode?: number }>;
  /** a TLS connection to the node's kubelet, for the upgrade requests of exec, attach and portforward */
  connect(node: KubeObject): Promise<Duplex>;
}

export interface RestRequest {
  info: ResourceRequest;
  def: ResourceDef;
  user: UserInfo;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer;
}

export interface RestResponse {
  code: number;
  body: unknown;
  /** sent as `Warning: 299 - "..."` headers (kubectl prints them as `Warning: ...`) */
  warnings?: string[];
}

export function nowIso(clock: Clock): string {
  // metav1.Time has second precision on the wire
  return new Date(Math.floor(clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

/** field manager: the fieldManager parameter, else the User-Agent's program name (kube's default) */
export function fieldManager(req: RestRequest): string {
  const explicit = req.query.get('fieldManager');
  if (explicit) return explicit;
  const ua = req.headers['user-agent'] ?? 'unknown';
  return ua.split('/')[0] || 'unknown';
}
