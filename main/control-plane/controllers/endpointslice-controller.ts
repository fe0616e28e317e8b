// kube-controller-manager's endpointslice-controller (pkg/controller/endpointslice, 1.32):
// for each Service with a selector, EndpointSlices labelled kubernetes.io/service-name and
// endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io, owned by the
// Service. Each endpoint carries the conditions ready/serving/terminating (terminating
// pods stay listed, not ready but possibly serving), its targetRef, nodeName and zone.
// Pods whose Service ports resolve to different numbers go to different slices; a slice
// holds at most 100 endpoints; a Service with no endpoints keeps one empty placeholder.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer, objectKey } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ControllerClock } from './controller-support.js';
import { checkNumber, isApiError, isNotFound, realClock, runWorker, withKind } from './controller-support.js';
import { TriggerTimes, managedSelector, serviceSpec, servicesFor } from './endpoint-pods.js';
import { MANAGED_BY_LABEL, CONTROLLER_NAME, SERVICE_NAME_LABEL, desiredGroups, planSlices } from './endpointslice-plan.js';

export { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './endpointslice-plan.js';
export type { SliceEndpoint, SlicePort } from './endpointslice-plan.js';

export const REASON_FAILED_TO_UPDATE_SLICES = 'FailedToUpdateEndpointSlices';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointSliceControllerConfig {
  clock: ControllerClock;
  /** --concurrent-service-endpoint-syncs (5) */
  workers: number;
  /** --max-endpoints-per-slice (100) */
  maxEndpointsPerSlice: number;
  onError?: (key: string, e: unknown) => void;
}

export function endpointSliceControllerConfig(c: Partial<EndpointSliceControllerConfig> = {}): EndpointSliceControllerConfig {
  const cfg = { clock: c.clock ?? realClock, workers: c.workers ?? 5, maxEndpointsPerSlice: c.maxEndpointsPerSlice ?? 100, onError: c.onError };
  checkNumber('endpointslice-controller', 'workers', cfg.workers, 1);
  checkNumber('endpointslice-controller', 'maxEndpointsPerSlice', cfg.maxEndpointsPerSlice, 1);
  return cfg;
}

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** the informer cache lags our own writes: reconciling on it would create a slice twice (endpointSliceTracker.StaleSlices) */
export class StaleSliceCacheError extends Error {
  constructor(service: string) {
    super(`EndpointSlice informer cache is out of date for Service ${service}`);
    this.name = 'StaleSliceCacheError';
  }
}

/** what this controller last wrote per Service: slice name → resourceVersion, or 'deleted' */
class SliceTracker {
  private readonly written = new Map<string, Map<string, string>>();

  record(service: string, name: string, rv: string): void {
    const m = this.written.get(service) ?? new Map<string, string>();
    m.set(name, rv);
    this.written.set(service, m);
  }

  /** true while the cache has not caught up with every write; caught-up entries are dropped */
  stale(service: string, cached: (name: string) => KubeObject | undefined): boolean {
    const m = this.written.get(service);
    if (!m) return false;
    for (const [name, rv] of m) {
      const c = cached(name);
      const seen = rv === 'deleted' ? !c : c !== undefined && Number(c.metadata.resourceVersion ?? 0) >= Number(rv);
      if (seen) m.delete(name);
    }
    if (m.size === 0) this.written.delete(service);
    return m.size > 0;
  }

  forget(service: string): void {
    this.written.delete(service);
  }
}

export class EndpointSliceController {
  readonly config: EndpointSliceControllerConfig;
  private readonly queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly slices: Informer;
  private readonly recorder: EventRecorder;
  private readonly triggers = new TriggerTimes();
  private readonly tracker = new SliceTracker();

  constructor(
    private readonly client: ApiClient,
    config: Partial<EndpointSliceControllerConfig> = {},
  ) {
    this.config = endpointSliceControllerConfig(config);
    this.recorder = new EventRecorder(client, { component: 'endpoint-slice-controller' }, this.config.clock);
    this.services = new Informer(client, SERVICES);
    this.pods = new Informer(client, PODS);
    this.nodes = new Informer(client, NODES);
    this.slices = new Informer(client, SLICES, { labelSelector: `${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` });
    this.services.on((e) => this.enqueue(objectKey(e.obj)));
    this.pods.on((e) => {
      const keys = new Set(servicesFor(this.services.list(), e.obj));
      if (e.type === 'update') for (const k of servicesFor(this.services.list(), e.old)) keys.add(k);
      for (const k of keys) this.enqueue(k);
    });
    // a slice changed or deleted by someone else is put back as it should be
    this.slices.on((e) => {
      const svc = e.obj.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) this.enqueue(`${e.obj.metadata.namespace ?? ''}/${svc}`);
    });
    // a node's zone label lands on its endpoints
    this.nodes.on((e) => {
      if (e.type === 'update' && e.old.metadata.labels?.[ZONE_LABEL] === e.obj.metadata.labels?.[ZONE_LABEL]) return;
      for (const svc of this.services.list()) if (managedSelector(svc)) this.enqueue(objectKey(svc));
    });
  }

  private enqueue(key: string): void {
    this.triggers.note(key, this.config.clock.now());
    this.queue.add(key);
  }

  start(): void {
    for (const i of [this.services, this.pods, this.nodes, this.slices]) i.start();
    void this.hasSynced().then(() => {
      for (let i = 0; i < this.config.workers; i++) void runWorker(this.queue, (k) => this.reconcile(k), this.config.onError);
    });
  }

  stop(): void {
    for (const i of [this.services, this.pods, this.nodes, this.slices]) i.stop();
    this.queue.shutdown();
  }

  async hasSynced(): Promise<void> {
    await Promise.all([this.services.hasSynced(), this.pods.hasSynced(), this.nodes.hasSynced(), this.slices.hasSynced()]);
  }

  private slicesOf(namespace: string, name: string): KubeObject[] {
    return this.slices.list().filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
  }

  /** syncService: make the Service's slices match its pods */
  async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const svc = this.services.get(key);
    if (this.tracker.stale(key, (slice) => this.slices.get(`${namespace}/${slice}`))) throw new StaleSliceCacheError(key);
    const triggerTime = this.triggers.take(key);
    const existing = this.slicesOf(namespace, name);
    const path = { ...SLICES, namespace };
    if (!svc || serviceSpec(svc).type === 'ExternalName') {
      // kube leaves a deleted Service's slices to the garbage collector; deleting them here is the same end state without it
      for (const s of existing) await this.deleteSlice(path, s);
      this.tracker.forget(key);
      return;
    }
    if (!managedSelector(svc)) return;
    const zoneOf = (node: string): string | undefined => this.nodes.get(node)?.metadata.labels?.[ZONE_LABEL];
    const { writes, creates, deletes } = planSlices(svc, desiredGroups(svc, this.pods.list(), zoneOf), existing, this.config.maxEndpointsPerSlice, triggerTime);
    try {
      const note = (o: KubeObject): void => this.tracker.record(key, o.metadata.name ?? '', o.metadata.resourceVersion ?? '0');
      for (const s of writes) note(await this.client.update(path, s));
      for (const s of creates) note(await this.client.create(path, s));
      for (const s of deletes) {
        await this.deleteSlice(path, s);
        this.tracker.record(key, s.metadata.name ?? '', 'deleted');
      }
    } catch (e) {
      if (!isApiError(e, 403, 409)) {
        const msg = `Error updating Endpoint Slices for Service ${key}: ${e instanceof Error ? e.message : String(e)}`;
        this.recorder.event(withKind(svc, 'v1', 'Service'), 'Warning', REASON_FAILED_TO_UPDATE_SLICES, msg);
      }
      throw e;
    }
  }

  private async deleteSlice(path: typeof SLICES & { namespace: string }, slice: KubeObject): Promise<void> {
    try {
      await this.client.delete(path, slice.metadata.name ?? '');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
