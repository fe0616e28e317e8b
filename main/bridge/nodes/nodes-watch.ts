// The live node list: informers on Nodes and Pods (list + watch, client-go style) and a
// poll of the node provider (it has no events: a crashed agent is only seen by asking).
// Shared by every window: started with the first subscriber, stopped with the last.
// A change anywhere recomputes the list; subscribers hear only when it really changed.
import type { NodeList } from '../../common/bridge/nodes.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import type { NodeProvider } from '../../vm/provider.js';
import { summarizeNodes } from './node-summary.js';
import type { NodeObject, PodObject } from './node-summary.js';

export interface NodesWatchTiming {
  /** provider poll period; default 1000 ms */
  pollMs?: number;
  /** coalesce bursts of watch events; default 50 ms */
  debounceMs?: number;
}

export class NodesWatch {
  private readonly subscribers = new Set<(list: NodeList) => void>();
  private nodes: Informer<NodeObject> | undefined;
  private pods: Informer<PodObject> | undefined;
  private poll: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private last = '';

  constructor(
    private readonly admin: ApiClient,
    private readonly provider: NodeProvider | undefined,
    private readonly timing: NodesWatchTiming = {},
  ) {}

  /** the list now (once the informers synced), then every change; the returned function unsubscribes */
  async subscribe(onChange: (list: NodeList) => void): Promise<{ list: NodeList; cancel: () => void }> {
    this.start();
    this.subscribers.add(onChange);
    const cancel = (): void => {
      this.subscribers.delete(onChange);
      if (this.subscribers.size === 0) this.stop();
    };
    try {
      await Promise.all([this.nodes?.hasSynced(), this.pods?.hasSynced()]);
    } catch (e) {
      cancel();
      throw e;
    }
    return { list: this.compute(), cancel };
  }

  private compute(): NodeList {
    const list = summarizeNodes(this.provider?.kind ?? null, this.provider?.list() ?? [], this.nodes?.list() ?? [], this.pods?.list() ?? []);
    this.last = JSON.stringify(list);
    return list;
  }

  private schedule = (): void => {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      const before = this.last;
      const list = this.compute();
      if (this.last !== before) for (const s of this.subscribers) s(list);
    }, this.timing.debounceMs ?? 50);
  };

  private start(): void {
    if (this.nodes) return;
    this.nodes = new Informer<NodeObject>(this.admin, { group: '', version: 'v1', resource: 'nodes' });
    this.pods = new Informer<PodObject>(this.admin, { group: '', version: 'v1', resource: 'pods' });
    this.nodes.on(this.schedule);
    this.pods.on(this.schedule);
    this.nodes.start();
    this.pods.start();
    if (this.provider) this.poll = setInterval(this.schedule, this.timing.pollMs ?? 1000);
  }

  private stop(): void {
    this.nodes?.stop();
    this.pods?.stop();
    this.nodes = undefined;
    this.pods = undefined;
    if (this.poll) clearInterval(this.poll);
    if (this.pending) clearTimeout(this.pending);
    this.poll = undefined;
    this.pending = undefined;
    this.last = '';
  }
}
