// The view's state: the node list, the chosen node's snapshot (read on demand, and again
// after the demo), and the demo's live progress from `runtimes:demo-progress`.
import { useCallback, useEffect, useState } from 'react';
import type { DemoProgress, DemoStep, RuntimeNodeInfo, RuntimeSnapshot } from '../../../main/common/bridge/runtimes.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

export interface RuntimesState {
  nodes: RuntimeNodeInfo[] | null;
  node: string;
  setNode: (name: string) => void;
  snapshot: RuntimeSnapshot | null;
  loading: boolean;
  error: string;
  refresh: () => void;
  demo: Partial<Record<DemoStep, DemoProgress>>;
  demoRunning: boolean;
  runDemo: (image: string) => void;
}

export function useRuntimes(): RuntimesState {
  const bridge = useBridge();
  const { state, generation } = useConnection();
  const [nodes, setNodes] = useState<RuntimeNodeInfo[] | null>(null);
  const [node, setNode] = useState('');
  const [snapshot, setSnapshot] = useState<RuntimeSnapshot | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [demo, setDemo] = useState<Partial<Record<DemoStep, DemoProgress>>>({});
  const [demoRunning, setDemoRunning] = useState(false);

  useEffect(() => {
    if (state !== 'open') return;
    bridge.call('runtimes:nodes', {}).then(
      (r) => {
        setNodes(r.nodes);
        setNode((cur) => cur || (r.nodes.find((n) => n.state === 'running') ?? r.nodes[0])?.name || '');
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [bridge, state, generation]);

  useEffect(() => {
    if (state !== 'open' || !node) return;
    let live = true;
    setLoading(true);
    bridge.call('runtimes:snapshot', { node }).then(
      (s) => live && (setSnapshot(s), setError('')),
      (e: unknown) => live && (setSnapshot(null), setError(describeError(e))),
    ).finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [bridge, state, generation, node, tick]);

  useEffect(() => bridge.on('runtimes:demo-progress', (p) => setDemo((d) => ({ ...d, [p.step]: p }))), [bridge]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const runDemo = useCallback(
    (image: string) => {
      if (!node) return;
      setDemo({});
      setDemoRunning(true);
      bridge
        .call('runtimes:demo', { node, image })
        .catch((e: unknown) => setError(describeError(e)))
        .finally(() => {
          setDemoRunning(false);
          setTick((t) => t + 1);
        });
    },
    [bridge, node],
  );

  return { nodes, node, setNode, snapshot, loading, error, refresh, demo, demoRunning, runDemo };
}
