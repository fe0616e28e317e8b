// What a terminal pane talks to: a shell somewhere that main keeps as a bridge stream.
// The pane opens it with its size, sends keystrokes and resizes, and shows what comes back
// until it exits. `nodeTerminalSource` is a shell in a node (nodes:terminal.*); a view with
// another shell (a container's exec) implements the same interface over its own channels.
import type { BridgeClient } from '../../bridge/bridge-client.js';

export interface TerminalSource {
  /** the pane opens a new session when the key changes */
  readonly key: string;
  open(cols: number, rows: number): Promise<string>;
  input(streamId: string, data: string): Promise<unknown>;
  resize(streamId: string, cols: number, rows: number): Promise<unknown>;
  close(streamId: string): Promise<unknown>;
  /** every stream's output; the pane keeps its own */
  onData(listener: (streamId: string, data: string) => void): () => void;
  onExit(listener: (streamId: string, code: number | null, reason: string) => void): () => void;
}

export function nodeTerminalSource(client: BridgeClient, node: string): TerminalSource {
  return {
    key: `node:${node}`,
    open: (cols, rows) => client.call('nodes:terminal.open', { node, cols, rows }).then((r) => r.streamId),
    input: (streamId, data) => client.call('nodes:terminal.input', { streamId, data }),
    resize: (streamId, cols, rows) => client.call('nodes:terminal.resize', { streamId, cols, rows }),
    close: (streamId) => client.call('nodes:terminal.close', { streamId }),
    onData: (listener) => client.on('nodes:terminal.data', (p) => listener(p.streamId, p.data)),
    onExit: (listener) => client.on('nodes:terminal.exit', (p) => listener(p.streamId, p.code, p.reason)),
  };
}
