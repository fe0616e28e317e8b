// kube-controller-manager's garbage collector (pkg/controller/garbagecollector): one
// informer per deletable resource feeds the dependency graph (gc-graph.ts); workers
// then delete dependents whose owners are gone (background), delete blocking
// dependents before an owner's foregroundDeletion finalizer comes off (foreground), and
// strip the owner's reference from dependents before its orphan finalizer comes off
// (orphan, `kubectl delete --cascade=orphan`). Owners are always verified with a live
// read, never trusted from the cache.
import type { KubeObject, OwnerReference } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { EventRecorder } from '../../common/client/event-recorder.js';
import { Informer } from '../../common/client/informer.js';
import { WorkQueue } from '../../common/client/work-queue.js';
import type { ApiResource } from './gc-discovery.js';
import { DEFAULT_IGNORED_RESOURCES, KindMapper, apiVersionOf, discoverResources, monitoredResources, pathOf, resourceId } from './gc-discovery.js';
import type { GraphNode, Identity } from './gc-graph.js';
import { DependencyGraph, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, identityString } from './gc-graph.js';
import { GcActions } from './gc-actions.js';
import type { Clock } from './workload-support.js';
import { checkClock, checkNumber, runWorker, systemClock } from './workload-support.js';

export const REASON_OWNER_REF_INVALID_NAMESPACE = 'OwnerRefInvalidNamespace';

export interface GarbageCollectorConfig {
  clock: Clock;
  /** --concurrent-gc-syncs (20) */
  workers: number;
  /** how often discovery is re-read for new resources (kube's GC resync, 30 s) */
  discoveryResyncMs: number;
  /** how long to wait for the graph's informers before collecting anyway */
  syncTimeoutMs: number;
  /** --gc-ignored-resources as resource.group (events by default) */
  ignoredResources: string[];
  backoffBaseMs: number;
  backoffMaxMs: number;
  onError?: (key: string, e: unknown) => void;
}

export function garbageCollectorConfig(c: Partial<GarbageCollectorConfig> = {}): GarbageCollectorConfig {
  const component = 'garbage-collector-controller';
  return {
    clock: checkClock(component, c.clock ?? systemClock),
    workers: checkNumber(component, 'workers', c.workers ?? 20, 1, true),
    discoveryResyncMs: checkNumber(component, 'discoveryResyncMs', c.discoveryResyncMs ?? 30_000, 100),
    syncTimeoutMs: checkNumber(component, 'syncTimeoutMs', c.syncTimeoutMs ?? 30_000, 0),
    ignoredResources: [...(c.ignoredResources ?? DEFAULT_IGNORED_RESOURCES)],
    backoffBaseMs: checkNumber(component, 'backoffBaseMs', c.backoffBaseMs ?? 5, 1),
    backoffMaxMs: checkNumber(component, 'backoffMaxMs', c.backoffMaxMs ?? 1_000_000, 1),
    onError: c.onError,
  };
}

export class GarbageCollector {
  readonly graph: DependencyGraph;
  private readonly config: GarbageCollectorConfig;
  private readonly deleteQueue: WorkQueue;
  private readonly orphanQueue: WorkQueue;
  private readonly recorder: EventRecorder;
  private readonly informers = new Map<string, Informer>();
  private mapper = new KindMapper([]);
  private readonly actions: GcActions;
  private stopped = false;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ApiClient,
    config: Partial<GarbageCollectorConfig> = {},
  ) {
    this.config = garbageCollectorConfig(config);
    this.deleteQueue = new WorkQueue({ baseDelayMs: this.config.backoffBaseMs, maxDelayMs: this.config.backoffMaxMs });
    this.orphanQueue = new WorkQueue({ baseDelayMs: this.config.backoffBaseMs, maxDelayMs: this.config.backoffMaxMs });
    this.recorder = new EventRecorder(client, { component: 'garbage-collector-controller' }, this.config.clock);
    this.graph = new DependencyGraph(
      {
        attemptToDelete: (n) => this.deleteQueue.add(n.identity.uid),
        attemptToOrphan: (n) => this.orphanQueue.add(n.identity.uid),
        invalidOwnerNamespace: (dep, ref) => this.reportInvalidNamespace(dep, ref),
      },
      (apiVersion, kind) => this.mapper.lookup(apiVersion, kind)?.namespaced,
    );
    this.actions = new GcActions(client, () => this.mapper, (n) => this.deleteQueue.add(n.identity.uid));
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    for (const i of this.informers.values()) i.stop();
    this.deleteQueue.shutdown();
    this.orphanQueue.shutdown();
  }

  /** discovery, informers, then workers once the graph has seen every resource (or the timeout passed) */
  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.resync();
        break;
      } catch {
        // API not reachable yet: try again shortly
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    }
    if (this.stopped) return;
    await this.synced();
    if (this.stopped) return;
    for (let i = 0; i < this.config.workers; i++) {
      void runWorker(this.deleteQueue, (uid) => this.attemptToDelete(uid), this.config.onError);
    }
    void runWorker(this.orphanQueue, (uid) => this.attemptToOrphan(uid), this.config.onError);
    this.scheduleResync();
  }

  /** resolves when every informer has listed once, or after syncTimeoutMs */
  synced(): Promise<void> {
    const all = Promise.all([...this.informers.values()].map((i) => i.hasSynced())).then(() => undefined);
    return Promise.race([all, new Promise<void>((r) => setTimeout(r, this.config.syncTimeoutMs).unref())]);
  }

  private scheduleResync(): void {
    if (this.stopped) return;
    this.resyncTimer = setTimeout(() => {
      void this.resync()
        .catch((e: unknown) => this.config.onError?.('discovery', e))
        .finally(() => this.scheduleResync());
    }, this.config.discoveryResyncMs);
    this.resyncTimer.unref();
  }

  /** re-reads discovery: new resources (CRDs) get informers, removed ones lose theirs */
  private async resync(): Promise<void> {
    const all = await discoverResources(this.client);
    this.mapper = new KindMapper(all);
    const wanted = new Map(monitoredResources(all, this.config.ignoredResources).map((r) => [resourceId(r), r]));
    for (const [id, informer] of this.informers) {
      if (!wanted.has(id)) {
        informer.stop();
        this.informers.delete(id);
      }
    }
    for (const [id, r] of wanted) {
      if (this.informers.has(id) || this.stopped) continue;
      this.informers.set(id, this.monitor(r));
    }
  }

  private monitor(r: ApiResource): Informer {
    const informer = new Informer(this.client, pathOf(r));
    const typeMeta = { apiVersion: apiVersionOf(r), kind: r.kind };
    informer.on((e) => this.graph.observe(e.type, e.obj, typeMeta, e.type === 'update' ? e.old : undefined));
    informer.start();
    return informer;
  }

  private reportInvalidNamespace(dep: GraphNode, ref: OwnerReference): void {
    const invalid: Identity = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: dep.identity.namespace };
    const obj: KubeObject = { apiVersion: dep.identity.apiVersion, kind: dep.identity.kind, metadata: { name: dep.identity.name, namespace: dep.identity.namespace, uid: dep.identity.uid } };
    this.recorder.event(obj, 'Warning', REASON_OWNER_REF_INVALID_NAMESPACE, `ownerRef ${identityString(invalid)} does not exist in namespace "${dep.identity.namespace}"`);
  }

  /** the controller shape's reconcile: one attemptToDelete pass for an object's uid */
  reconcile(uid: string): Promise<void> {
    return this.attemptToDelete(uid);
  }

  /** attemptToDeleteWorker for one node (by uid) */
  async attemptToDelete(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    const outcome = await this.actions.attemptToDeleteItem(node);
    if (outcome === 'virtual-delete') {
      this.graph.virtualDelete(node.identity);
      return;
    }
    if (outcome === 'unresolvable') return;
    // an owner known only from a reference: keep checking until its informer shows it (kubernetes#56121)
    if (!node.observed) throw new Error(`item ${identityString(node.identity)} hasn't been observed via informer yet`);
  }

  /** attemptToOrphanWorker: strip the owner from its dependents, then drop the orphan finalizer */
  async attemptToOrphan(uid: string): Promise<void> {
    const owner = this.graph.get(uid);
    if (!owner) return;
    await this.actions.orphanDependents(owner, [...owner.dependents]);
    await this.actions.removeFinalizer(owner, FINALIZER_ORPHAN);
  }
}

export { FINALIZER_FOREGROUND, FINALIZER_ORPHAN };
