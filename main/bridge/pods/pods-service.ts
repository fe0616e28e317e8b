// The pods domain's service: exec sessions, each owned by the window's session so it ends
// when the window goes. Handlers (./pod-handlers.ts) validate and call one method here.
import { POD_STREAM_PREFIX, execCommandLine } from '../../common/bridge/pods.js';
import type { BridgeResult } from '../../common/bridge/contract.js';
import type { BridgeDeps, SessionScope } from '../domain.js';
import { BridgeError } from '../errors.js';
import { openExec } from './pod-exec.js';
import type { ExecHandle } from './pod-exec.js';
import type { ExecOpen } from './pod-validate.js';

export class PodsService {
  /** a session's exec streams by id (ids are per session) */
  private readonly execs = new WeakMap<SessionScope, Map<string, ExecHandle>>();

  constructor(private readonly deps: BridgeDeps) {}

  async openExec(s: SessionScope, p: ExecOpen): Promise<BridgeResult<'pods:exec.open'>> {
    let streamId = '';
    const early: string[] = [];
    let exited: { code: number | null; reason: string } | undefined;
    const handle = await openExec(this.deps.admin, p, {
      onData: (text) => (streamId ? s.emit('pods:exec.data', { streamId, data: text }) : early.push(text)),
      onExit: ({ code, reason }) => {
        if (!streamId) return void (exited = { code, reason });
        this.sessionExecs(s).delete(streamId);
        s.emit('pods:exec.exit', { streamId, code, reason });
        s.release(streamId);
      },
    });
    if (s.closed) {
      handle.close();
      throw new BridgeError(410, 'Gone', 'the window closed while the exec session opened');
    }
    streamId = s.own(POD_STREAM_PREFIX.exec, () => {
      this.sessionExecs(s).delete(streamId);
      handle.close();
    });
    this.sessionExecs(s).set(streamId, handle);
    // what came before the id existed (the first prompt, or a whole short command) follows the reply
    setImmediate(() => {
      if (early.length > 0) s.emit('pods:exec.data', { streamId, data: early.join('') });
      if (exited) {
        this.sessionExecs(s).delete(streamId);
        s.emit('pods:exec.exit', { streamId, ...exited });
        s.release(streamId);
      }
    });
    return { streamId, title: execCommandLine(p), protocol: handle.protocol };
  }

  exec(s: SessionScope, streamId: string): ExecHandle {
    const h = this.sessionExecs(s).get(streamId);
    if (!h) throw new BridgeError(404, 'NotFound', `exec session "${streamId}" not found (it exited, or belongs to another window)`);
    return h;
  }

  release(s: SessionScope, id: string): { stopped: boolean } {
    return { stopped: s.release(id) };
  }

  private sessionExecs(s: SessionScope): Map<string, ExecHandle> {
    let m = this.execs.get(s);
    if (!m) this.execs.set(s, (m = new Map<string, ExecHandle>()));
    return m;
  }
}
