// What a log pane shows: a followed log main keeps as a bridge stream. The pane opens it,
// writes what comes, and closes it when it goes. `nodeLogSource` covers a node's agent,
// containerd and console logs and any container's log (nodes:logs.*, the container's
// through the API server's pods/log as kubectl reads it).
import type { LogOpenParams } from '../../../main/common/bridge/nodes.js';
import type { BridgeClient } from '../../bridge/bridge-client.js';

export interface LogSource {
  /** the pane reopens when the key changes */
  readonly key: string;
  /** the stream's id and the command it stands for (shown above the log) */
  open(): Promise<{ streamId: string; title: string }>;
  close(streamId: string): Promise<unknown>;
  onData(listener: (streamId: string, data: string) => void): () => void;
  onEnd(listener: (streamId: string, reason: string) => void): () => void;
}

export function nodeLogSource(client: BridgeClient, params: LogOpenParams): LogSource {
  return {
    key: JSON.stringify(params),
    open: () => client.call('nodes:logs.open', params),
    close: (streamId) => client.call('nodes:logs.close', { streamId }),
    onData: (listener) => client.on('nodes:logs.data', (p) => listener(p.streamId, p.data)),
    onEnd: (listener) => client.on('nodes:logs.end', (p) => listener(p.streamId, p.reason)),
  };
}
