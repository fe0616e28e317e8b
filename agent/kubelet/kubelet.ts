// The kubelet role: pods bound to this node (a watch with fieldSelector spec.nodeName),
// one worker per pod that serializes its syncs, the PLEG (a relist of the runtime every
// second that wakes the pod whose containers changed), probes that kill containers, and
// housekeeping that removes what belongs to pods no longer in the API.
import type { ApiClient } from '../../main/common/client/api-client.js';
import { EventRecorder } from '../../main/common/client/event-recorder.js';
import { Informer } from '../../main/common/client/informer.js';
import type { AgentConfig } from '../config.js';
import type { CriClient } from '../cri/cri-client.js';
import type { ConfigMap, Pod, ResourceList, Secret, Service } from './pod-types.js';
import { PodSyncer, podKey } from './pod-sync.js';
import { withPodContext } from '../cri/cri-trace.js';
import { ProbeManager } from './probes/prober.js';
import { ContainerStatusCache, LABEL_POD_UID } from './runtime-pod.js';

interface Worker {
  running: boolean;
  again: boolean;
  timer: NodeJS.Timeout | undefined;
}

const RESYNC_MS = 10_000;

export class Kubelet {
  private readonly pods: Informer<Pod>;
  private readonly configMaps: Informer<ConfigMap>;
  private readonly secrets: Informer<Secret>;
  private readonly services: Informer<Service>;
  private readonly byUid = new Map<string, string>();
  private readonly workers = new Map<string, Worker>();
  private readonly statuses: ContainerStatusCache;
  readonly prober: ProbeManager;
  readonly syncer: PodSyncer;
  private plegTimer: NodeJS.Timeout | undefined;
  private lastRelist = new Map<string, string>();
  private stopped = false;

  constructor(
    client: ApiClient,
    private readonly cri: CriClient,
    private readonly cfg: AgentConfig,
    nodeAllocatable: () => ResourceList,
    private readonly log: (line: string) => void,
  ) {
    this.pods = new Informer<Pod>(client, { group: '', version: 'v1', resource: 'pods' }, { fieldSelector: `spec.nodeName=${cfg.nodeName}` });
    this.configMaps = new Informer<ConfigMap>(client, { group: '', version: 'v1', resource: 'configmaps' });
    this.secrets = new Informer<Secret>(client, { group: '', version: 'v1', resource: 'secrets' });
    this.services = new Informer<Service>(client, { group: '', version: 'v1', resource: 'services' });
    this.statuses = new ContainerStatusCache(cri);
    this.prober = new ProbeManager({ execSync: (req) => cri.execSync(req), onError: (e) => log(`prober: ${String(e)}`) });
    const services = this.services;
    this.syncer = new PodSyncer({
      cri,
      client,
      cfg,
      events: new EventRecorder(client, { component: 'kubelet', host: cfg.nodeName }),
      prober: this.prober,
      statuses: this.statuses,
      objects: {
        getConfigMap: (ns, name) => this.configMaps.get(`${ns}/${name}`),
        getSecret: (ns, name) => this.secrets.get(`${ns}/${name}`),
        get services() {
          return services.list();
        },
      },
      nodeAllocatable,
      log,
    });
    this.pods.on((e) => {
      const uid = e.obj.metadata.uid ?? '';
      // the kubelet's own lines for pods coming and going (kubelet.go syncLoopIteration, klog V(2))
      if (e.type !== 'update') this.log(`"SyncLoop ${e.type === 'add' ? 'ADD' : 'REMOVE'}" source="api" pods=["${podKey(e.obj)}"]`);
      if (e.type === 'delete') {
        this.byUid.delete(uid);
        this.enqueue(uid);
      } else {
        this.byUid.set(uid, podKey(e.obj));
        this.prober.updatePod(podKey(e.obj), e.obj, e.obj.status?.podIP ? { podIP: e.obj.status.podIP } : {});
        this.enqueue(uid);
      }
    });
    this.prober.onResult(({ podKey: key }) => {
      const pod = this.pods.get(key);
      if (pod?.metadata.uid) this.enqueue(pod.metadata.uid);
    });
    this.prober.onEvent((ev) => {
      const pod = this.pods.get(ev.podKey);
      if (pod) new EventRecorder(client, { component: 'kubelet', host: cfg.nodeName }).event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', ev.reason, ev.message);
    });
    this.prober.onKill((k) => {
      const pod = this.pods.get(k.podKey);
      if (!pod) return;
      void this.syncer.killForProbe(pod, k.containerId, k.message).then(() => this.enqueue(pod.metadata.uid ?? ''));
    });
  }

  async start(): Promise<void> {
    for (const i of [this.configMaps, this.secrets, this.services, this.pods]) i.start();
    await Promise.all([this.configMaps.hasSynced(), this.secrets.hasSynced(), this.services.hasSynced(), this.pods.hasSynced()]);
    this.relistSoon(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.plegTimer);
    for (const w of this.workers.values()) clearTimeout(w.timer);
    for (const i of [this.configMaps, this.secrets, this.services, this.pods]) i.stop();
    this.prober.stop();
  }

  /** pods this node runs (for the kubelet server's /pods and the node views) */
  listPods(): Pod[] {
    return this.pods.list();
  }

  getPod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  enqueue(uid: string, delayMs = 0): void {
    if (this.stopped || !uid) return;
    let w = this.workers.get(uid);
    if (!w) {
      w = { running: false, again: false, timer: undefined };
      this.workers.set(uid, w);
    }
    const worker = w;
    if (delayMs > 0) {
      clearTimeout(worker.timer);
      worker.timer = setTimeout(() => this.enqueue(uid), delayMs);
      return;
    }
    if (worker.running) {
      worker.again = true;
      return;
    }
    clearTimeout(worker.timer);
    worker.running = true;
    void this.work(uid).finally(() => {
      worker.running = false;
      if (worker.again) {
        worker.again = false;
        this.enqueue(uid);
      }
    });
  }

  private work(uid: string): Promise<void> {
    const key = this.byUid.get(uid);
    const slash = key?.indexOf('/') ?? -1;
    // every CRI call of this sync is for this pod (the CRI trace names it, see cri/cri-trace.ts)
    return withPodContext(key && slash > 0 ? { namespace: key.slice(0, slash), name: key.slice(slash + 1), uid } : { uid }, () => this.syncOne(uid, key));
  }

  private async syncOne(uid: string, key: string | undefined): Promise<void> {
    const pod = key ? this.pods.get(key) : undefined;
    try {
      if (!pod || pod.metadata.uid !== uid) {
        // gone from the API (deleted, or force-deleted): tear down what is left
        await this.syncer.cleanup(uid);
        this.workers.delete(uid);
        return;
      }
      const next = await this.syncer.sync(pod);
      this.enqueue(uid, next ?? RESYNC_MS);
    } catch (e) {
      this.log(`sync pod ${key ?? uid}: ${e instanceof Error ? e.message : String(e)}`);
      this.enqueue(uid, 2_000);
    }
  }

  private relistSoon(ms: number): void {
    if (this.stopped) return;
    this.plegTimer = setTimeout(() => void this.relist().finally(() => this.relistSoon(1000)), ms);
  }

  /** GenericPLEG.Relist: compare container and sandbox states with the last relist */
  private async relist(): Promise<void> {
    try {
      const [{ items }, { containers }] = await Promise.all([this.cri.listPodSandbox({}), this.cri.listContainers({})]);
      const now = new Map<string, string>();
      const owner = new Map<string, string>();
      for (const s of items) {
        now.set(s.id, s.state);
        owner.set(s.id, s.labels[LABEL_POD_UID] ?? '');
      }
      for (const c of containers) {
        now.set(c.id, c.state);
        owner.set(c.id, c.labels[LABEL_POD_UID] ?? '');
      }
      const changed = new Set<string>();
      for (const [id, state] of now) if (this.lastRelist.get(id) !== state) changed.add(owner.get(id) ?? '');
      for (const id of this.lastRelist.keys()) if (!now.has(id)) changed.add(owner.get(id) ?? '');
      this.lastRelist = now;
      this.statuses.retain(new Set(containers.map((c) => c.id)));
      // housekeeping: runtime pods with no pod in the API
      for (const uid of new Set(owner.values())) if (uid && !this.byUid.has(uid)) changed.add(uid);
      for (const uid of changed) if (uid) this.enqueue(uid);
    } catch (e) {
      this.log(`pleg relist: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
