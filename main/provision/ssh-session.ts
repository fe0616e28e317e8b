// One SSH connection to a node (ssh2 Client), as root with the lab key, host key pinned.
//
// Every call is bound to the connection's life: when the node dies (the socket closes, or
// keepalives go unanswered, like OpenSSH's ServerAliveInterval/ServerAliveCountMax) every
// pending call rejects with a NodeSshError naming host:port instead of hanging.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as SshClient, ClientChannel, ServerHostKeyAlgorithm, SFTPWrapper } from 'ssh2';
import type { HostKeyCheck } from './known-hosts.js';
import { killCommand, PgidFilter, reportingPgid } from './remote-kill.js';
import { withEnv } from './shell-quote.js';

const { Client } = ssh2;

export class NodeSshError extends Error {
  override readonly name = 'NodeSshError';
  constructor(
    readonly code: 'ConnectFailed' | 'ConnectionLost' | 'Aborted' | 'RequestFailed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ConnectOptions {
  host: string;
  port: number;
  /** default root: the lab provisions nodes as root */
  username?: string;
  privateKey: string;
  hostKey: HostKeyCheck;
  /** one attempt's limit for TCP connect + handshake + login (ssh2 readyTimeout); default 20 s */
  readyTimeoutMs?: number;
  /** keep retrying, with backoff, for this long (a booting VM refuses or drops connections); default 0: one attempt */
  retryForMs?: number;
  /** keepalive probe period and how many may go unanswered before the node counts as gone; default 5 s × 3 */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  signal?: AbortSignal;
}

export interface ExecOptions {
  stdin?: string | Buffer | Readable;
  env?: Record<string, string>;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** aborting sends SIGTERM to the remote command's process group and closes the channel */
  signal?: AbortSignal;
}

export interface ExitStatus {
  /** the exit code, null when the command died of a signal (then `signal` is its name as ssh2 gives it: 'SIGTERM') */
  code: number | null;
  signal?: string;
}

export interface ExecResult extends ExitStatus {
  stdout: string;
  stderr: string;
}

export interface ExecStream {
  stdout: Readable;
  stderr: Readable;
  /** settles when the command ends; never rejects: a lost connection gives `error` */
  exited: Promise<ExitStatus & { error?: NodeSshError }>;
  /** SIGTERM to the remote command's process group, then close the channel */
  close(): void;
}

export type ShellChannel = ClientChannel & { resize(cols: number, rows: number): void };

export class NodeSsh {
  /** settles when the connection is gone: undefined after close(), else why it was lost */
  readonly closed: Promise<NodeSshError | undefined>;
  private lost: NodeSshError | undefined;
  private readonly onLost = new Set<(err: NodeSshError) => void>();
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private closing = false;

  private constructor(
    private readonly client: SshClient,
    readonly address: string,
  ) {
    let lastError: Error | undefined;
    this.client.on('error', (err: Error) => (lastError = err));
    this.closed = new Promise((resolve) => {
      this.client.once('close', () => {
        const why = lastError ? `: ${lastError.message}` : '';
        this.lost = new NodeSshError('ConnectionLost', this.closing ? `the SSH connection to ${address} was closed` : `lost the SSH connection to ${address}${why}`, { cause: lastError });
        for (const reject of this.onLost) reject(this.lost);
        this.onLost.clear();
        resolve(this.closing ? undefined : this.lost);
      });
    });
  }

  static async connect(options: ConnectOptions): Promise<NodeSsh> {
    const address = `${options.host}:${options.port}`;
    const deadline = Date.now() + (options.retryForMs ?? 0);
    let backoff = 250;
    for (let attempts = 1; ; attempts++) {
      if (options.signal?.aborted) throw new NodeSshError('Aborted', `connecting to ${address} was cancelled`);
      try {
        const budget = Math.max(deadline - Date.now(), 1_000);
        const client = await connectOnce(options, Math.min(options.readyTimeoutMs ?? 20_000, budget));
        options.hostKey.commit();
        return new NodeSsh(client, address);
      } catch (err) {
        if (options.hostKey.rejection) throw options.hostKey.rejection;
        if (options.signal?.aborted) throw new NodeSshError('Aborted', `connecting to ${address} was cancelled`);
        const left = deadline - Date.now();
        if (left <= 0) {
          const tries = attempts === 1 ? '' : ` (${attempts} attempts over ${Math.round((options.retryForMs ?? 0) / 1000)} s)`;
          throw new NodeSshError('ConnectFailed', `cannot open an SSH session to ${options.username ?? 'root'}@${address}${tries}: ${(err as Error).message}`, { cause: err });
        }
        await sleep(Math.min(backoff, left), options.signal);
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  }

  /** Run `command` (no pty, stdin closed unless given) and collect its output. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.request<ExecResult>(`exec ${command}`, (resolve, reject) => {
      void this.start(command, options.env, options.signal !== undefined).then(({ channel, stderr, stop }) => {
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        channel.on('data', (chunk: Buffer) => (out.push(chunk), options.onStdout?.(chunk)));
        stderr.on('data', (chunk: Buffer) => (errOut.push(chunk), options.onStderr?.(chunk)));
        const abort = (): void => (stop(), reject(new NodeSshError('Aborted', `${command}: cancelled`)));
        if (options.signal?.aborted) return abort();
        options.signal?.addEventListener('abort', abort, { once: true });
        void Promise.all([exitOf(channel), ended(stderr)]).then(([status]) => {
          options.signal?.removeEventListener('abort', abort);
          if (!status) return reject(this.lost ?? new NodeSshError('ConnectionLost', `${command}: the channel to ${this.address} closed without an exit status`));
          resolve({ ...status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') });
        });
        feedStdin(channel, options.stdin);
      }, reject);
    });
  }

  /** Start a long-running command (`tail -F …`) and hand over its output streams (read or resume() both). */
  execStream(command: string, options: Pick<ExecOptions, 'env'> = {}): Promise<ExecStream> {
    return this.request<ExecStream>(`exec ${command}`, (resolve, reject) => {
      void this.start(command, options.env, true).then(({ channel, stderr, stop }) => {
        channel.end();
        const exited = Promise.race([
          exitOf(channel).then((status) => status ?? { code: null, error: this.lost ?? new NodeSshError('ConnectionLost', `${command}: closed without an exit status`) }),
          this.closed.then(() => ({ code: null, error: this.lost })),
        ]);
        resolve({ stdout: channel, stderr, exited, close: stop });
      }, reject);
    });
  }

  /** An interactive login shell on a pty; resize() sends the new window size (SIGWINCH on the node). */
  shell(options: { cols?: number; rows?: number; term?: string } = {}): Promise<ShellChannel> {
    const window = { cols: options.cols ?? 80, rows: options.rows ?? 24, term: options.term ?? 'xterm-256color' };
    return this.request<ShellChannel>('shell', (resolve, reject) => {
      this.client.shell(window, (err, channel) => {
        if (err) return reject(this.failed('shell', err));
        resolve(Object.assign(channel, { resize: (cols: number, rows: number) => channel.setWindow(rows, cols, 0, 0) }));
      });
    });
  }

  /** A command on a pty (`ssh -t host cmd`): for interactive programs; exit comes as the channel's 'exit' event. */
  execPty(command: string, options: { cols?: number; rows?: number; term?: string } = {}): Promise<ShellChannel> {
    const pty = { cols: options.cols ?? 80, rows: options.rows ?? 24, term: options.term ?? 'xterm-256color' };
    return this.request<ShellChannel>('exec', (resolve, reject) => {
      this.client.exec(command, { pty }, (err, channel) => {
        if (err) return reject(this.failed('exec', err));
        resolve(Object.assign(channel, { resize: (cols: number, rows: number) => channel.setWindow(rows, cols, 0, 0) }));
      });
    });
  }

  /** A TCP connection from the node to host:port (a "direct-tcpip" channel, like ssh -L). */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return this.request<ClientChannel>(`forward to ${host}:${port}`, (resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (err, channel) => (err ? reject(this.failed(`forward to ${host}:${port}`, err)) : resolve(channel)));
    });
  }

  /**
   * Write a file over SFTP: to a hidden temp name beside it, chmod, then rename over the
   * target (posix-rename@openssh.com is rename(2): atomic, replaces), so a reader never
   * sees half a file. The directory must exist.
   */
  async upload(source: string | Buffer, remotePath: string, options: { mode?: number } = {}): Promise<void> {
    const tmp = posix.join(posix.dirname(remotePath), `.${posix.basename(remotePath)}.k8s-lab-${randomBytes(4).toString('hex')}`);
    const mode = options.mode ?? 0o644;
    try {
      if (typeof source === 'string') await this.sftp(`upload ${remotePath}`, (s, cb) => s.fastPut(source, tmp, { mode }, cb));
      else await this.sftp(`upload ${remotePath}`, (s, cb) => s.writeFile(tmp, source, { mode }, cb));
      // the open mode is filtered by sshd's umask: set it explicitly
      await this.sftp(`chmod ${remotePath}`, (s, cb) => s.chmod(tmp, mode, cb));
      await this.sftp(`rename ${remotePath}`, (s, cb) => s.ext_openssh_rename(tmp, remotePath, cb));
    } catch (err) {
      await this.sftp('cleanup', (s, cb) => s.unlink(tmp, cb)).catch(() => undefined);
      throw err;
    }
  }

  readFile(remotePath: string): Promise<Buffer> {
    return this.sftp<Buffer>(`read ${remotePath}`, (s, cb) => s.readFile(remotePath, cb));
  }

  /** Close the connection (an orderly SSH disconnect; the socket is destroyed if that stalls). */
  async close(): Promise<void> {
    if (!this.lost) {
      this.closing = true;
      this.client.end();
      const stall = setTimeout(() => this.client.destroy(), 2_000);
      await this.closed;
      clearTimeout(stall);
    }
  }

  /** Open an exec channel; a killable one reports its process group so stop() can end it (see remote-kill.ts). */
  private start(command: string, env: Record<string, string> | undefined, killable: boolean): Promise<{ channel: ClientChannel; stderr: Readable; stop: () => void }> {
    const remote = killable ? reportingPgid(withEnv(command, env)) : withEnv(command, env);
    return new Promise((resolve, reject) => {
      this.client.exec(remote, (err, channel) => {
        if (err) return reject(this.failed(`exec ${command}`, err));
        if (!killable) return resolve({ channel, stderr: channel.stderr, stop: () => channel.close() });
        const filter = channel.stderr.pipe(new PgidFilter());
        let stopping = false;
        const stop = (): void => {
          if (stopping) return;
          stopping = true;
          // wait for the process group if it has not arrived yet: closing first would lose it
          void filter.pgid.then((pgid) => {
            if (pgid !== undefined) this.runDetached(killCommand(pgid));
            channel.close();
          });
        };
        resolve({ channel, stderr: filter, stop });
      });
    });
  }

  private runDetached(command: string): void {
    try {
      this.client.exec(command, (err, channel) => {
        if (err) return;
        channel.resume();
        channel.stderr.resume();
        channel.end();
      });
    } catch {
      // the connection is gone, and the command's channel with it
    }
  }

  /** A callback-style request that also rejects when the connection is lost first. */
  private request<T>(what: string, run: (resolve: (value: T) => void, reject: (err: Error) => void) => void): Promise<T> {
    if (this.lost) return Promise.reject(new NodeSshError('ConnectionLost', `${what}: ${this.lost.message}`, { cause: this.lost }));
    return new Promise<T>((resolve, reject) => {
      const onLost = (err: NodeSshError): void => reject(new NodeSshError('ConnectionLost', `${what}: ${err.message}`, { cause: err }));
      this.onLost.add(onLost);
      const settle = <A>(fn: (arg: A) => void) => (arg: A): void => {
        this.onLost.delete(onLost);
        fn(arg);
      };
      try {
        run(settle(resolve), settle(reject));
      } catch (err) {
        settle(reject)(this.failed(what, err as Error));
      }
    });
  }

  private sftp<T = void>(what: string, call: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
    this.sftpSession ??= this.request<SFTPWrapper>('sftp', (resolve, reject) => {
      this.client.sftp((err, sftp) => {
        if (err) return reject(this.failed('sftp', err));
        sftp.once('close', () => (this.sftpSession = undefined));
        resolve(sftp);
      });
    });
    const session = this.sftpSession;
    session.catch(() => (this.sftpSession = undefined));
    return session.then((sftp) => this.request<T>(what, (resolve, reject) => call(sftp, (err, value) => (err ? reject(this.failed(what, err)) : resolve(value)))));
  }

  private failed(what: string, err: Error): NodeSshError {
    return new NodeSshError('RequestFailed', `${what} on ${this.address}: ${err.message}`, { cause: err });
  }
}

function connectOnce(options: ConnectOptions, readyTimeout: number): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const fail = (err: Error): void => {
      client.removeAllListeners();
      client.on('error', () => undefined); // late socket errors after destroy
      client.destroy();
      reject(err);
    };
    const closedEarly = (): void => fail(new Error('the connection closed during the SSH handshake'));
    client.once('error', fail).once('close', closedEarly);
    client.once('ready', () => {
      client.removeListener('error', fail).removeListener('close', closedEarly);
      resolve(client);
    });
    const cancel = (): void => fail(new Error('cancelled'));
    options.signal?.addEventListener('abort', cancel, { once: true });
    client.once('ready', () => options.signal?.removeEventListener('abort', cancel));
    client.connect({
      host: options.host,
      port: options.port,
      username: options.username ?? 'root',
      privateKey: options.privateKey,
      hostVerifier: options.hostKey.hostVerifier,
      ...(options.hostKey.hostKeyAlgorithms ? { algorithms: { serverHostKey: options.hostKey.hostKeyAlgorithms as ServerHostKeyAlgorithm[] } } : {}),
      readyTimeout: readyTimeout,
      keepaliveInterval: options.keepaliveIntervalMs ?? 5_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
    });
  });
}

/** The exit status ("exit-status"/"exit-signal", RFC 4254 §6.10) once the channel closes; undefined if none came. */
function exitOf(channel: ClientChannel): Promise<ExitStatus | undefined> {
  return new Promise((resolve) => {
    let status: ExitStatus | undefined;
    channel.on('exit', (code: number | null, signal?: string) => (status = signal ? { code: null, signal } : { code }));
    channel.once('close', () => resolve(status));
  });
}

function feedStdin(channel: ClientChannel, stdin: ExecOptions['stdin']): void {
  if (stdin === undefined) channel.end();
  else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) channel.end(stdin);
  else stdin.pipe(channel);
}

function ended(stream: Readable): Promise<void> {
  return new Promise((resolve) => (stream.readableEnded ? resolve() : stream.once('end', resolve).once('close', resolve)));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
