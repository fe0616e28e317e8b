// The pod's own streams in the Resources view: a shell (or any command) in one of its
// containers through the API server's exec subresource, as `kubectl exec -it` opens it.
// Types and tiny pure helpers only: see ./contract.ts. A container's log is the Nodes
// domain's `nodes:logs.open` with source "container" (the same pods/log path).

export interface PodExecOpenParams {
  namespace: string;
  pod: string;
  /** omitted: the API server picks the only container, or the default-container annotation's */
  container?: string;
  /** argv, as `kubectl exec POD -- ARGV…`; default ["sh"] */
  command?: string[];
  cols: number;
  rows: number;
}

/** bounds main enforces (kubectl has none; these keep one window from flooding main) */
export const POD_EXEC_LIMITS = { maxArgs: 64, maxArgLength: 4096, maxInput: 64 * 1024 } as const;

/** what a shell in a container runs when the user gives no command */
export const DEFAULT_EXEC_COMMAND: readonly string[] = ['sh'];

export interface PodRequests {
  /** a tty session: `pods:exec.data` out, `pods:exec.exit` at the end (the command's exit code) */
  'pods:exec.open': { params: PodExecOpenParams; result: { streamId: string; title: string; protocol: string } };
  'pods:exec.input': { params: { streamId: string; data: string }; result: { ok: true } };
  'pods:exec.resize': { params: { streamId: string; cols: number; rows: number }; result: { ok: true } };
  'pods:exec.close': { params: { streamId: string }; result: { stopped: boolean } };
}

export interface PodEvents {
  'pods:exec.data': { streamId: string; data: string };
  /** code: the command's exit code when the API server reported one (null: the session broke) */
  'pods:exec.exit': { streamId: string; code: number | null; reason: string };
}

export const POD_CHANNELS = ['pods:exec.open', 'pods:exec.input', 'pods:exec.resize', 'pods:exec.close'] as const satisfies readonly (keyof PodRequests)[];

/** stream id prefixes (SessionScope.own) */
export const POD_STREAM_PREFIX = { exec: 'px' } as const;

/** how kubectl would spell this session (shown above the terminal) */
export function execCommandLine(p: { namespace: string; pod: string; container?: string; command: readonly string[] }): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return `kubectl exec -it ${p.pod} -n ${p.namespace}${p.container ? ` -c ${p.container}` : ''} -- ${p.command.map(quote).join(' ')}`;
}
