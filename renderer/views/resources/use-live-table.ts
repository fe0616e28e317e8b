// A live `kubectl get`: subscribe with resources:watch, replace the table on each
// resources:changed for our watchId, unsubscribe when the kind or namespace changes.
import { useEffect, useState } from 'react';
import type { ResourceKind, ResourceTable } from '../../../main/common/bridge/contract.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

export interface LiveTable {
  table: ResourceTable | undefined;
  error: string | undefined;
}

export function useLiveTable(kind: ResourceKind, namespace: string | null): LiveTable {
  const client = useBridge();
  const { state } = useConnection();
  const [live, setLive] = useState<LiveTable>({ table: undefined, error: undefined });

  useEffect(() => {
    if (state !== 'open') return;
    let watchId: string | undefined;
    let cancelled = false;
    setLive({ table: undefined, error: undefined });
    const off = client.on('resources:changed', (p) => {
      if (p.watchId === watchId) setLive({ table: p.table, error: undefined });
    });
    client.call('resources:watch', namespace === null ? { kind } : { kind, namespace }).then(
      (r) => {
        if (cancelled) void client.call('resources:unwatch', { watchId: r.watchId }).catch(() => undefined);
        else {
          watchId = r.watchId;
          setLive({ table: r.table, error: undefined });
        }
      },
      (e: unknown) => !cancelled && setLive({ table: undefined, error: describeError(e) }),
    );
    return () => {
      cancelled = true;
      off();
      if (watchId !== undefined) void client.call('resources:unwatch', { watchId }).catch(() => undefined);
    };
    // a new connection is a new session on the main side: subscribe again when it opens
  }, [client, kind, namespace, state]);

  return live;
}
