// kube-controller-manager's endpoints-controller (pkg/controller/endpoint, 1.32): for each
// Service with a selector, an Endpoints object of the same name whose subsets list the
// selected pods' IPs — ready ones under `addresses`, the others under
// `notReadyAddresses` — with each Service port resolved against the pod (a named
// targetPort becomes that pod's containerPort). Pods without an IP, finished pods and
// terminating pods are left out; publishNotReadyAddresses lists every pod as ready.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ControllerClock } from './controller-support.js';
import { checkNumber, isApiError, isNotFound, realClock, runWorker } from './controller-support.js';
import {
  TRIGGER_TIME_ANNOTATION,
  TriggerTimes,
  endpointLabels,
  findPort,
  hostnameFor,
  managedSelector,
  nodeNameOf,
  podAddressFor,
  selects,
  serviceSpec,
  servicesFor,
  shouldPodBeInEndpoints,
  stableJson,
  targetRef,
} from './endpoint-pods.js';
import type { TargetRef } from './endpoint-pods.js';
import { isPodReady } from './pod-readiness.js';

export const REASON_FAILED_TO_CREATE_ENDPOINT = 'FailedToCreateEndpoint';
export const REASON_FAILED_TO_UPDATE_ENDPOINT = 'FailedToUpdateEndpoint';
/** v1.EndpointsOverCapacity: set when the addresses had to be cut to maxEndpointsPerResource */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

export interface EndpointsControllerConfig {
  clock: ControllerClock;
  /** --concurrent-endpoint-syncs (5) */
  workers: number;
  /** maxCapacity: an Endpoints object holds at most 1000 addresses */
  maxEndpointsPerResource: number;
  onError?: (key: string, e: unknown) => void;
}

export function endpointsControllerConfig(c: Partial<EndpointsControllerConfig> = {}): EndpointsControllerConfig {
  const cfg = { clock: c.clock ?? realClock, workers: c.workers ?? 5, maxEndpointsPerResource: c.maxEndpointsPerResource ?? 1000, onError: c.onError };
  checkNumber('endpoints-controller', 'workers', cfg.workers, 1);
  checkNumber('endpoints-controller', 'maxEndpointsPerResource', cfg.maxEndpointsPerResource, 1);
  return cfg;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: TargetRef;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints' };

const byAddress = (a: EndpointAddress, b: EndpointAddress): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.uid < b.targetRef.uid ? -1 : 1);

/** the subsets of a Service from its pods: addEndpointSubset for each pod and port, then RepackSubsets */
export function computeSubsets(svc: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const spec = serviceSpec(svc);
  const selector = managedSelector(svc);
  if (!selector) return [];
  const tolerateUnready = spec.publishNotReadyAddresses === true;
  const groups = new Map<string, EndpointSubset>();
  for (const pod of pods) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selects(selector, pod)) continue;
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podAddressFor(svc, pod);
    if (!ip) continue;
    const hostname = hostnameFor(pod, svc);
    const nodeName = nodeNameOf(pod);
    const address: EndpointAddress = { ip, ...(hostname ? { hostname } : {}), ...(nodeName ? { nodeName } : {}), targetRef: targetRef(pod) };
    let ports: EndpointPort[] = [];
    if ((spec.ports ?? []).length === 0) {
      // only a headless Service publishes addresses without ports
      if (spec.clusterIP !== 'None') continue;
    } else {
      for (const sp of spec.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
      }
      if (ports.length === 0) continue;
    }
    ports = ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port || a.protocol.localeCompare(b.protocol));
    const key = stableJson(ports);
    const subset = groups.get(key) ?? { ...(ports.length ? { ports } : {}) };
    groups.set(key, subset);
    if (tolerateUnready || isPodReady(pod)) (subset.addresses ??= []).push(address);
    else (subset.notReadyAddresses ??= []).push(address);
  }
  const subsets = [...groups.values()];
  for (const s of subsets) {
    s.addresses?.sort(byAddress);
    s.notReadyAddresses?.sort(byAddress);
  }
  return subsets.sort((a, b) => stableJson(a.ports ?? []).localeCompare(stableJson(b.ports ?? [])));
}

/** cuts the addresses to max (ready ones kept first); true when something was cut */
function truncate(subsets: EndpointSubset[], max: number): boolean {
  let room = max;
  let cut = false;
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const s of subsets) {
      const list = s[field];
      if (!list) continue;
      if (list.length > room) {
        s[field] = list.slice(0, room);
        cut = true;
      }
      room -= s[field]?.length ?? 0;
      if (s[field]?.length === 0) delete s[field];
    }
  }
  return cut;
}

export class EndpointsController {
  readonly config: EndpointsControllerConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly endpoints: Informer;
  private readonly recorder: EventRecorder;
  private readonly triggers = new TriggerTimes();

  constructor(
    private readonly client: ApiClient,
    config: Partial<EndpointsControllerConfig> = {},
  ) {
    this.config = endpointsControllerConfig(config);
    this.recorder = new EventRecorder(client, { component: 'endpoint-controller' }, this.config.clock);
    this.services = new Informer(client, SERVICES);
    this.pods = new Informer(client, PODS);
    this.endpoints = new Informer(client, ENDPOINTS);
    this.services.on((e) => this.enqueue(objectKey(e.obj)));
    this.pods.on((e) => {
      const keys = new Set(servicesFor(this.services.list(), e.obj));
      // a pod whose labels changed leaves the Services it matched before
      if (e.type === 'update') for (const k of servicesFor(this.services.list(), e.old)) keys.add(k);
      for (const k of keys) this.enqueue(k);
    });
    // someone deleted the Endpoints of a Service we manage: put them back
    this.endpoints.on((e) => {
      if (e.type === 'delete') this.enqueue(objectKey(e.obj));
    });
  }

  private enqueue(key: string): void {
    this.triggers.note(key, this.config.clock.now());
    this.queue.add(key);
  }

  start(): void {
    this.services.start();
    this.pods.start();
    this.endpoints.start();
    // syncs wait for the caches, as WaitForNamedCacheSync does, so a half-listed pod cache never empties an Endpoints
    void this.hasSynced().then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    this.services.stop();
    this.pods.stop();
    this.endpoints.stop();
    this.queue.shutdown();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.services.hasSynced(), this.pods.hasSynced(), this.endpoints.hasSynced()]);
  }

  /** syncService */
  async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const path = { ...ENDPOINTS, namespace };
    const svc = this.services.get(key);
    const triggerTime = this.triggers.take(key);
    if (!svc) {
      try {
        await this.client.delete(path, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
    if (!managedSelector(svc)) return;
    const subsets = computeSubsets(svc, this.pods.list());
    const overCapacity = truncate(subsets, this.config.maxEndpointsPerResource);
    const current = this.endpoints.get(key);
    const labels = endpointLabels(svc);
    const currentAnnotations = current?.metadata.annotations ?? {};
    if (
      current &&
      stableJson(current['subsets'] ?? []) === stableJson(subsets) &&
      stableJson(current.metadata.labels ?? {}) === stableJson(labels) &&
      (currentAnnotations[OVER_CAPACITY_ANNOTATION] === 'truncated') === overCapacity
    ) {
      return;
    }
    const annotations: Record<string, string> = { ...currentAnnotations };
    if (triggerTime !== undefined) annotations[TRIGGER_TIME_ANNOTATION] = new Date(triggerTime).toISOString();
    if (overCapacity) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? {}), name, namespace, labels, annotations, managedFields: undefined },
      ...(subsets.length ? { subsets } : {}),
    };
    try {
      if (current) await this.client.update(path, body);
      else await this.client.create(path, body);
    } catch (e) {
      // a namespace being deleted refuses new content: nothing to report (kube skips the event too)
      if (!isApiError(e, 403)) {
        const what = current ? `Failed to update endpoint ${key}: ` : `Failed to create endpoint for service ${key}: `;
        this.recorder.event(body, 'Warning', current ? REASON_FAILED_TO_UPDATE_ENDPOINT : REASON_FAILED_TO_CREATE_ENDPOINT, what + (e instanceof Error ? e.message : String(e)));
      }
      throw e;
    }
  }
}
