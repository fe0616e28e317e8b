// The kube-proxy role of the node agent: informers on Services and EndpointSlices, and
// on any change one coalesced sync of the node's iptables rules, at most every
// minSyncIntervalMs and always within a second of the change (kube-proxy's
// BoundedFrequencyRunner with --iptables-min-sync-period; a periodic full resync like
// --iptables-sync-period repairs rules someone flushed).
import type { ApiClient } from '../../main/common/client/api-client.js';
import { Informer } from '../../main/common/client/informer.js';
import type { IptablesApplier } from './iptables.js';
import { createIptablesApplier } from './iptables.js';
import { buildRules } from './rules.js';
import type { EndpointSlice, Service } from './types.js';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

export interface ServiceProxyOptions {
  client: ApiClient;
  nodeName: string;
  nodeIPs: string[];
  log: (line: string) => void;
  /** kube-proxy's --iptables-min-sync-period (it defaults to 1 s; the lab wants changes fast) */
  minSyncIntervalMs?: number;
  /** kube-proxy's --iptables-sync-period: a full resync even without changes */
  resyncIntervalMs?: number;
  /** a failed sync is tried again after this long */
  retryIntervalMs?: number;
  clusterCidr?: string;
  /** apply into this network namespace instead of the agent's own (tests) */
  netnsPath?: string;
}

export interface SyncRecord {
  /** Date.now() when the rules were in place */
  at: number;
  durationMs: number;
  servicePorts: number;
  error?: string;
}

export interface ServiceProxy {
  /** how many syncs put the rules in place */
  syncs(): number;
  lastSync(): SyncRecord | undefined;
  /** resolves after the first successful sync */
  ready(): Promise<void>;
  /** the rules of the last successful sync (iptables-restore text) */
  rules(): string;
  stop(opts?: { cleanup?: boolean }): Promise<void>;
}

export function startServiceProxy(opts: ServiceProxyOptions): ServiceProxy {
  const minInterval = opts.minSyncIntervalMs ?? 100;
  const retryInterval = opts.retryIntervalMs ?? 1000;
  const applier: IptablesApplier = createIptablesApplier({ netnsPath: opts.netnsPath, log: opts.log });
  const services = new Informer<Service>(opts.client, SERVICES);
  const slices = new Informer<EndpointSlice>(opts.client, ENDPOINT_SLICES);

  let initialized = false;
  let stopped = false;
  let dirty = false;
  let force = true;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastStart = 0;
  let count = 0;
  let last: SyncRecord | undefined;
  let applied = '';
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (markReady = r));

  const sync = async (): Promise<void> => {
    dirty = false;
    const full = force;
    force = false;
    lastStart = Date.now();
    const input = { services: services.list(), endpointSlices: slices.list(), nodeIPs: opts.nodeIPs, clusterCidr: opts.clusterCidr };
    const rules = buildRules(input);
    const ports = (rules.match(/^-A KUBE-SERVICES .* cluster IP" /gm) ?? []).length;
    try {
      // identical rules need no restore, except on the periodic full resync
      if (full || rules !== applied) {
        await applier.apply(rules);
        if (rules !== applied) opts.log(`service proxy: applied rules for ${input.services.length} services (${ports} ports with endpoints) in ${Date.now() - lastStart} ms`);
        applied = rules;
      }
      count++;
      last = { at: Date.now(), durationMs: Date.now() - lastStart, servicePorts: ports };
      markReady();
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      last = { at: Date.now(), durationMs: Date.now() - lastStart, servicePorts: ports, error };
      opts.log(`service proxy: sync failed, retrying in ${retryInterval} ms: ${error}`);
      force = true;
      setTimeout(schedule, retryInterval).unref();
    }
  };

  function schedule(): void {
    if (stopped || !initialized) return;
    dirty = true;
    if (running || timer) return; // the running sync re-checks `dirty` when it ends
    const wait = Math.max(0, lastStart + minInterval - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped || !dirty) return;
      running = sync().finally(() => {
        running = undefined;
        if (dirty) schedule();
      });
    }, wait);
  }

  services.on(() => schedule());
  slices.on(() => schedule());
  services.start();
  slices.start();
  // like kube-proxy, write nothing until both caches hold the whole picture: a sync with
  // services but no endpoints yet would REJECT every service for a moment
  void Promise.all([services.hasSynced(), slices.hasSynced()]).then(() => {
    if (stopped) return;
    initialized = true;
    opts.log(`service proxy: watching services and endpointslices for node ${opts.nodeName}`);
    schedule();
  });
  const resync = setInterval(() => {
    force = true;
    schedule();
  }, opts.resyncIntervalMs ?? 30_000);
  resync.unref();

  return {
    syncs: () => count,
    lastSync: () => last,
    ready: () => readyPromise,
    rules: () => applied,
    stop: async ({ cleanup = false } = {}) => {
      stopped = true;
      clearInterval(resync);
      if (timer) clearTimeout(timer);
      timer = undefined;
      services.stop();
      slices.stop();
      await running;
      if (cleanup) await applier.cleanup();
    },
  };
}
