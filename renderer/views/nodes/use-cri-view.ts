// The crictl pane's data for one node (nodes:cri), refreshed on demand and every few
// seconds while `live` (containerd has no watch the pane could follow).
import { useCallback, useEffect, useState } from 'react';
import type { CriView } from '../../../main/common/bridge/nodes.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

const REFRESH_MS = 4000;

export function useCriView(node: string, live: boolean): { view: CriView | undefined; error: string | undefined; loading: boolean; refresh: () => void } {
  const client = useBridge();
  const { state } = useConnection();
  const [view, setView] = useState<CriView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (state !== 'open') return;
    let cancelled = false;
    setLoading(true);
    client.call('nodes:cri', { node }).then(
      (v) => {
        if (cancelled) return;
        setView(v);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(describeError(e));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, state, node, tick]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  return { view, error, loading, refresh };
}
