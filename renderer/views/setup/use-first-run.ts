// The desktop app's first run (no lab yet) or a failed start opens on the Setup view.
import { useEffect } from 'react';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

export function useFirstRunView(open: () => void): void {
  const client = useBridge();
  const { state } = useConnection();
  useEffect(() => {
    if (state !== 'open') return;
    client.call('setup:state', {}).then(
      (s) => {
        if (s.phase === 'first-run' || s.phase === 'failed') open();
      },
      () => undefined,
    );
    // once per connection: after that the user decides where to go
  }, [client, state]);
}
