// The live node list: nodes:watch, then nodes:changed for our watchId; unwatch on unmount.
import { useEffect, useState } from 'react';
import type { NodeList } from '../../../main/common/bridge/nodes.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

export function useNodeList(): { list: NodeList | undefined; error: string | undefined } {
  const client = useBridge();
  const { state } = useConnection();
  const [live, setLive] = useState<{ list: NodeList | undefined; error: string | undefined }>({ list: undefined, error: undefined });

  useEffect(() => {
    if (state !== 'open') return;
    let watchId: string | undefined;
    let cancelled = false;
    const off = client.on('nodes:changed', (p) => p.watchId === watchId && setLive({ list: p.list, error: undefined }));
    client.call('nodes:watch', {}).then(
      (r) => {
        if (cancelled) void client.call('nodes:unwatch', { watchId: r.watchId }).catch(() => undefined);
        else {
          watchId = r.watchId;
          setLive({ list: r.list, error: undefined });
        }
      },
      (e: unknown) => !cancelled && setLive({ list: undefined, error: describeError(e) }),
    );
    return () => {
      cancelled = true;
      off();
      if (watchId !== undefined) void client.call('nodes:unwatch', { watchId }).catch(() => undefined);
    };
  }, [client, state]);

  return live;
}
