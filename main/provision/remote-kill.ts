// Stopping a remote command on demand. Closing its channel is not enough: without a pty,
// sshd leaves the command running until it writes to the closed pipe (OpenSSH session.c,
// session_close_by_channel), and `sleep`, `journalctl -f` on a quiet unit, a stuck
// download… may never write. The SSH "signal" request (RFC 4254 §6.9) would do, but
// OpenSSH refuses it for root logins ("session signalling requires privilege separation":
// a root session runs in the privileged monitor). So the command reports its process
// group first and is stopped with a `kill` on a second channel.
//
// sshd setsid()s before exec'ing the login shell (`$SHELL -c <command>`), so that shell's
// $$ is the process group holding everything the command starts.
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

const MARK = 'k8s-lab-pgid ';

/** `command`, preceded by a line on stderr naming its process group. */
export function reportingPgid(command: string): string {
  return `echo "${MARK}$$" >&2; ${command}`;
}

/** The command's stderr with the process-group line taken out; `pgid` settles when it is seen (or stderr ends). */
export class PgidFilter extends Transform {
  readonly pgid: Promise<number | undefined>;
  private found: ((pgid: number | undefined) => void) | undefined;
  private pending = '';

  constructor() {
    super();
    this.pgid = new Promise((resolve) => (this.found = resolve));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.found) return done(null, chunk);
    // before the mark, only whole lines are looked at (a login shell's rc files may write first)
    this.pending += chunk.toString('latin1');
    let newline: number;
    while (this.found && (newline = this.pending.indexOf('\n')) !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      const m = line.startsWith(MARK) ? /^\d+$/.exec(line.slice(MARK.length)) : null;
      if (m) {
        this.found(Number(m[0]));
        this.found = undefined;
      } else this.push(Buffer.from(`${line}\n`, 'latin1'));
    }
    if (!this.found && this.pending) this.push(Buffer.from(this.pending, 'latin1'));
    if (!this.found) this.pending = '';
    done();
  }

  override _flush(done: TransformCallback): void {
    this.found?.(undefined);
    this.found = undefined;
    done(null, this.pending ? Buffer.from(this.pending, 'latin1') : undefined);
  }
}

/** The command that stops process group `pgid` (SIGTERM, as `kubectl delete` and systemd's stop do first). */
export function killCommand(pgid: number): string {
  return `kill -TERM -- -${pgid} 2>/dev/null; true`;
}
