// A TerminalSource (renderer/components/terminal) over the pods domain's exec channels: a
// command in one container through the API server's pods/exec, as `kubectl exec -it`.
// `owns` tells which stream ids this source opened (the pane shows their exit code).
import type { BridgeClient } from '../../bridge/bridge-client.js';
import type { TerminalSource } from '../../components/terminal/terminal-source.js';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
}

export interface PodExecSource extends TerminalSource {
  owns(streamId: string): boolean;
  /** a session opened (a new shell after the last one exited, too) */
  onOpen(listener: (streamId: string) => void): () => void;
  /** the last session's command line, as kubectl would spell it */
  title(): string;
  /** the WebSocket subprotocol the API server chose (v5.channel.k8s.io, or v4) */
  protocol(): string;
}

/** `attempt` makes a new key (a new session) when the same command is run again */
export function podExecSource(client: BridgeClient, t: ExecTarget, attempt: number): PodExecSource {
  const ids = new Set<string>();
  const opened = new Set<(streamId: string) => void>();
  let title = '';
  let protocol = '';
  return {
    key: JSON.stringify({ ...t, attempt }),
    open: (cols, rows) =>
      client.call('pods:exec.open', { ...t, cols, rows }).then((r) => {
        ids.add(r.streamId);
        title = r.title;
        protocol = r.protocol;
        for (const l of opened) l(r.streamId);
        return r.streamId;
      }),
    input: (streamId, data) => client.call('pods:exec.input', { streamId, data }),
    resize: (streamId, cols, rows) => client.call('pods:exec.resize', { streamId, cols, rows }),
    close: (streamId) => client.call('pods:exec.close', { streamId }),
    onData: (listener) => client.on('pods:exec.data', (p) => listener(p.streamId, p.data)),
    onExit: (listener) => client.on('pods:exec.exit', (p) => listener(p.streamId, p.code, p.reason)),
    owns: (streamId) => ids.has(streamId),
    onOpen: (listener) => {
      opened.add(listener);
      return () => opened.delete(listener);
    },
    title: () => title,
    protocol: () => protocol,
  };
}
