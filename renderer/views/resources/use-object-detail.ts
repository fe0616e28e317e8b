// The selected object and its events, fetched again whenever its row's resourceVersion
// moves (the live table tells us it changed; the detail is one resources:get), and
// every few seconds for events.
import { useEffect, useState } from 'react';
import type { BridgeResult, ResourceKind, ResourceRow } from '../../../main/common/bridge/contract.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';

const EVENTS_REFRESH_MS = 5000;

export interface ObjectDetail {
  detail: BridgeResult<'resources:get'> | undefined;
  error: string | undefined;
}

export function useObjectDetail(kind: ResourceKind, row: ResourceRow | undefined): ObjectDetail {
  const client = useBridge();
  const [state, setState] = useState<ObjectDetail>({ detail: undefined, error: undefined });
  const name = row?.name;
  const namespace = row?.namespace;
  const rv = row?.resourceVersion;

  useEffect(() => {
    if (name === undefined) return setState({ detail: undefined, error: undefined });
    let cancelled = false;
    const load = (): void =>
      void client.call('resources:get', namespace === undefined ? { kind, name } : { kind, namespace, name }).then(
        (detail) => !cancelled && setState({ detail, error: undefined }),
        (e: unknown) => !cancelled && setState({ detail: undefined, error: describeError(e) }),
      );
    load();
    // new events about an object do not change the object itself: look again now and then
    const timer = setInterval(load, EVENTS_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client, kind, name, namespace, rv]);

  return state;
}
