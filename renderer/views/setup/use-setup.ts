// The Setup view's data: the lab's state (polled: nodes come and go), the progress
// history followed live, and the accelerator.
import { useCallback, useEffect, useState } from 'react';
import { upsertStep } from '../../../main/common/bridge/setup.js';
import type { AcceleratorInfo, ProgressStep, SetupState } from '../../../main/common/bridge/setup.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

const STATE_REFRESH_MS = 3000;

export function useSetupState(): { state: SetupState | undefined; error: string | undefined; refresh: () => void } {
  const client = useBridge();
  const { state: conn, generation } = useConnection();
  const [state, setState] = useState<SetupState | undefined>();
  const [error, setError] = useState<string | undefined>();
  const refresh = useCallback(() => {
    client.call('setup:state', {}).then(
      (s) => {
        setState(s);
        setError(undefined);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [client]);
  useEffect(() => {
    if (conn !== 'open') return;
    refresh();
    const timer = setInterval(refresh, STATE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [conn, generation, refresh]);
  return { state, error, refresh };
}

/** every step since the lab started, then each change as it happens */
export function useProgressHistory(): ProgressStep[] {
  const client = useBridge();
  const { state: conn, generation } = useConnection();
  const [steps, setSteps] = useState<ProgressStep[]>([]);
  useEffect(() => {
    if (conn !== 'open') return;
    let watchId: string | undefined;
    let gone = false;
    const early: ProgressStep[] = [];
    const off = client.on('setup:progress', (e) => {
      if (watchId === undefined) early.push(e.step); // arrived before the call returned
      else if (e.watchId === watchId) setSteps((s) => upsertStep(s, e.step));
    });
    client.call('setup:watchProgress', {}).then(
      (r) => {
        watchId = r.watchId;
        if (gone) {
          void client.call('setup:unwatchProgress', { watchId }).catch(() => undefined);
          return;
        }
        setSteps(early.reduce<ProgressStep[]>((acc, s) => upsertStep(acc, s), r.steps));
      },
      () => undefined,
    );
    return () => {
      gone = true;
      off();
      if (watchId !== undefined) void client.call('setup:unwatchProgress', { watchId }).catch(() => undefined);
    };
  }, [client, conn, generation]);
  return steps;
}

export function useAccelerator(): { info: AcceleratorInfo | undefined; probing: boolean; error: string | undefined; probe: () => void } {
  const client = useBridge();
  const { state: conn } = useConnection();
  const [info, setInfo] = useState<AcceleratorInfo | undefined>();
  const [probing, setProbing] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (conn !== 'open') return;
    client.call('setup:accelerator', {}).then(setInfo, (e: unknown) => setError(describeError(e)));
  }, [client, conn]);
  const probe = useCallback(() => {
    setProbing(true);
    client
      .call('setup:accelerator', { probe: true })
      .then(setInfo, (e: unknown) => setError(describeError(e)))
      .finally(() => setProbing(false));
  }, [client]);
  return { info, probing, error, probe };
}
