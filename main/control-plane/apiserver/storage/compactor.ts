// kube-apiserver compacts etcd every --etcd-compaction-interval (5 min): each round
// compacts to the revision seen at the previous round, so watchers always have at
// least one interval of history to resume from.
import type { KvBackend } from '../../store/types.js';

export function startCompactor(kv: KvBackend, intervalMs: number): { stop(): void } {
  let previous = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    try {
      const status = await kv.status();
      if (previous > 0 && previous > status.compactRevision) await kv.compact(previous);
      previous = status.revision;
    } catch {
      // a failed round is retried at the next interval, as kube does
    }
  };
  if (intervalMs > 0) {
    timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
  }
  return { stop: () => timer && clearInterval(timer) };
}
