// The SSH layer against a real OpenSSH sshd on loopback (its own config, host key, port
// and pid file; the system's sshd is not touched): lab key, host-key pinning, exec,
// SFTP uploads, agent install, pty shell, direct-tcpip, and a node that dies mid-session.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostKey, LabKey } from '../../main/provision/keys.js';
import { ensureLabKey, generateHostKey } from '../../main/provision/keys.js';
import { KnownHosts, KnownHostsError, parsePublicKeyLine } from '../../main/provision/known-hosts.js';
import { installAgent, writeRemoteFiles } from '../../main/provision/provision.js';
import type { ConnectOptions } from '../../main/provision/ssh-session.js';
import { NodeSsh, NodeSshError } from '../../main/provision/ssh-session.js';
import { requireTool } from './support/tools.js';

interface Sshd {
  proc: ChildProcess;
  pid: number;
  port: number;
  log: () => string;
}

const root = mkdtempSync(join(tmpdir(), 'k8s-lab-ssh-'));
const stateDir = join(root, 'state');
const daemons: Sshd[] = [];
const sessions: NodeSsh[] = [];
const servers: Server[] = [];
let labKey: LabKey;
let hostA: HostKey;
let sshdA: Sshd;
let knownHosts: KnownHosts;
let ssh: NodeSsh;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });

async function startSshd(name: string, hostKey: HostKey): Promise<Sshd> {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'host_key'), hostKey.privateKey, { mode: 0o600 });
  writeFileSync(join(dir, 'authorized_keys'), `${labKey.publicKey}\n`);
  const port = await freePort();
  const config = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'Subsystem sftp internal-sftp', 'LogLevel VERBOSE',
  ];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  // sshd's privilege-separation chroot (Debian's unit makes it with RuntimeDirectory=sshd)
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const sshd: Sshd = { proc, pid: proc.pid ?? -1, port, log: () => log };
  daemons.push(sshd);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd ${name} did not start:\n${log}`)), 10_000);
    proc.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      if (!log.includes(`Server listening on 127.0.0.1 port ${port}`)) return;
      clearTimeout(timer);
      resolve();
    });
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`sshd ${name} exited with ${code}:\n${log}`))));
  });
  return sshd;
}

/** sshd forks per connection and those children call setsid(): kill the whole tree by pid. */
function killTree(pid: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process exited while we looked
    }
  }
  const tree: number[] = [];
  for (let todo = [pid]; todo.length > 0; ) {
    const next = todo.pop() as number;
    tree.push(next);
    todo.push(...(children.get(next) ?? []));
  }
  for (const p of tree) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const connect = async (port: number, name: string, extra: Partial<ConnectOptions> = {}): Promise<NodeSsh> => {
  const s = await NodeSsh.connect({ host: '127.0.0.1', port, privateKey: labKey.privateKey, hostKey: knownHosts.check(name, { address: `127.0.0.1:${port}` }), readyTimeoutMs: 10_000, ...extra });
  sessions.push(s);
  return s;
};

const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);

const waitFor = async (what: string, check: () => boolean, ms: number): Promise<void> => {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  for (const tool of ['sshd', 'ssh', 'ssh-keygen']) requireTool(tool);
  labKey = await ensureLabKey(join(stateDir, 'keys'));
  knownHosts = new KnownHosts(stateDir);
  hostA = generateHostKey('node-a');
  sshdA = await startSshd('node-a', hostA);
});

afterAll(async () => {
  await Promise.allSettled(sessions.map((s) => within(3_000, s.close())));
  for (const d of daemons) killTree(d.pid);
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

describe('lab keys', () => {
  it('generates the key once, reuses it, and OpenSSH reads it', async () => {
    const again = await ensureLabKey(join(stateDir, 'keys'));
    expect(again).toEqual(labKey);
    expect(labKey.publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ k8s-lab$/);
    expect(statSync(labKey.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${labKey.path}.pub`, 'utf8').trim()).toBe(labKey.publicKey);
    // the real ssh-keygen derives the same public key from our private key file
    expect(execFileSync('ssh-keygen', ['-y', '-f', labKey.path], { encoding: 'utf8' }).split(' ').slice(0, 2)).toEqual(labKey.publicKey.split(' ').slice(0, 2));
  });

  it('names the corrupt key file and the fix', async () => {
    const dir = join(root, 'corrupt-keys');
    mkdirSync(dir);
    writeFileSync(join(dir, 'id_ed25519'), 'not a key\n');
    await expect(ensureLabKey(dir)).rejects.toThrow(new RegExp(`${join(dir, 'id_ed25519')} cannot be read.*delete`));
  });
});

describe('host-key pinning', () => {
  it('pins the key on first connect, in a file OpenSSH itself accepts', async () => {
    expect(knownHosts.get('node-a')).toBeUndefined();
    ssh = await connect(sshdA.port, 'node-a');
    expect(knownHosts.get('node-a')).toEqual(parsePublicKeyLine(hostA.publicKey));
    expect(readFileSync(knownHosts.file, 'utf8')).toBe(`node-a ${hostA.publicKey.split(' ').slice(0, 2).join(' ')}\n`);
    const out = execFileSync('ssh', ['-F', 'none', '-o', `UserKnownHostsFile=${knownHosts.file}`, '-o', 'HostKeyAlias=node-a', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes',
      '-i', labKey.path, '-p', String(sshdA.port), 'root@127.0.0.1', 'echo pinned-ok'], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('pinned-ok');
  });

  it('refuses a different host key under a pinned name, naming node, file and fix', async () => {
    const sshdB = await startSshd('node-b', generateHostKey('node-b'));
    const err = await connect(sshdB.port, 'node-a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KnownHostsError);
    const message = (err as Error).message;
    expect(message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED for node node-a');
    expect(message).toContain(`127.0.0.1:${sshdB.port}`);
    expect(message).toContain(knownHosts.file);
    expect(message).toContain('k8s-lab node remove node-a');
    expect(knownHosts.get('node-a')).toEqual(parsePublicKeyLine(hostA.publicKey)); // the pin stays
    killTree(sshdB.pid);
  });

  it('checks against an expected key when one is given', async () => {
    const wrong = generateHostKey('other');
    const hostKey = knownHosts.check('node-x', { expected: wrong.publicKey });
    await expect(NodeSsh.connect({ host: '127.0.0.1', port: sshdA.port, privateKey: labKey.privateKey, hostKey })).rejects.toThrow(/HAS CHANGED for node node-x/);
    expect(knownHosts.get('node-x')).toBeUndefined();
    const ok = await NodeSsh.connect({ host: '127.0.0.1', port: sshdA.port, privateKey: labKey.privateKey, hostKey: knownHosts.check('node-x', { expected: hostA.publicKey }) });
    await ok.close();
    expect(knownHosts.get('node-x')).toEqual(parsePublicKeyLine(hostA.publicKey));
  });
});

describe('a session', () => {
  it('execs: stdout, stderr, exit code, signal, env, stdin', async () => {
    const chunks: string[] = [];
    const r = await ssh.exec(`sh -c 'echo out; echo err >&2; exit 3'`, { onStdout: (c) => chunks.push(c.toString()) });
    expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(chunks.join('')).toBe('out\n');
    expect(await ssh.exec('kill -TERM $$')).toMatchObject({ code: null, signal: 'SIGTERM' });
    const env = await ssh.exec('printf "%s|%s" "$GREETING" "$OTHER"', { env: { GREETING: `it's "quoted" $HOME`, OTHER: 'b' } });
    expect(env.stdout).toBe(`it's "quoted" $HOME|b`);
    expect((await ssh.exec('wc -c', { stdin: Buffer.alloc(100_000, 'x') })).stdout.trim()).toBe('100000');
    expect((await ssh.exec('cat', { stdin: 'hello\n' })).stdout).toBe('hello\n');
    expect((await ssh.exec('cat')).stdout).toBe(''); // stdin is closed: no hang
  });

  it('stops a command when its exec is aborted', async () => {
    const marker = `k8s-lab-abort-${process.pid}`;
    const abort = new AbortController();
    const pending = ssh.exec(`sleep 60 && echo ${marker}`, { signal: abort.signal });
    const remoteRunning = (): boolean => spawnSync('pgrep', ['-f', marker]).status === 0;
    await waitFor('the command', remoteRunning, 5_000);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'Aborted' });
    await waitFor('the command to exit on the node', () => !remoteRunning(), 5_000);
    expect((await ssh.exec('echo still-usable')).stdout).toBe('still-usable\n');
    // a cancellable command's stderr is its own (the process-group line is taken out)
    expect(await ssh.exec('echo e >&2', { signal: new AbortController().signal })).toEqual({ code: 0, stdout: '', stderr: 'e\n' });
  });

  it('uploads atomically with the mode, and reads back', async () => {
    const dir = join(root, 'remote');
    mkdirSync(dir);
    const target = join(dir, 'agent.mjs');
    await ssh.upload(Buffer.from('old contents\n'), target, { mode: 0o640 });
    expect(statSync(target).mode & 0o777).toBe(0o640);
    // a reader that has the old file open keeps reading all of it: the new one replaces it by rename
    const fd = openSync(target, 'r');
    const before = statSync(target).ino;
    const local = join(root, 'local-file');
    writeFileSync(local, 'new contents\n');
    chmodSync(local, 0o600);
    await ssh.upload(local, target, { mode: 0o755 });
    const buf = Buffer.alloc(100);
    expect(buf.subarray(0, readSync(fd, buf, 0, 100, 0)).toString()).toBe('old contents\n');
    expect(statSync(target).ino).not.toBe(before);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect((await ssh.readFile(target)).toString()).toBe('new contents\n');
    expect(readdirSync(dir)).toEqual(['agent.mjs']); // no temp file left
    await expect(ssh.upload(Buffer.from('x'), join(root, 'missing-dir', 'f'))).rejects.toThrow(/upload .*missing-dir\/f on 127\.0\.0\.1:\d+/);
  });

  it('installs the agent bundle only when it changed', async () => {
    const bundle = join(root, 'bundle');
    mkdirSync(join(bundle, 'cri'), { recursive: true });
    writeFileSync(join(bundle, 'agent.mjs'), 'console.log("agent v1");\n');
    writeFileSync(join(bundle, 'crictl.mjs'), 'console.log("crictl v1");\n');
    writeFileSync(join(bundle, 'cri', 'api.proto'), 'syntax = "proto3";\n');
    const remoteDir = join(root, 'node-fs', 'opt', 'k8s-lab', 'agent');
    const first = await installAgent(ssh, { bundleDir: bundle, remoteDir });
    expect(first).toMatchObject({ changed: true, uploaded: ['agent.mjs', 'cri/api.proto', 'crictl.mjs'] });
    expect(readFileSync(join(remoteDir, 'cri', 'api.proto'), 'utf8')).toBe('syntax = "proto3";\n');
    expect((await ssh.exec(`cd ${remoteDir} && sha256sum -c BUNDLE.sha256`)).code).toBe(0);
    expect(await installAgent(ssh, { bundleDir: bundle, remoteDir })).toEqual({ changed: false, digest: first.digest, uploaded: [] });
    writeFileSync(join(bundle, 'crictl.mjs'), 'console.log("crictl v2");\n');
    const second = await installAgent(ssh, { bundleDir: bundle, remoteDir });
    expect(second).toMatchObject({ changed: true, uploaded: ['crictl.mjs'] });
    expect(second.digest).not.toBe(first.digest);
    writeFileSync(join(remoteDir, 'agent.mjs'), 'tampered on the node\n');
    expect(await installAgent(ssh, { bundleDir: bundle, remoteDir })).toMatchObject({ changed: true, uploaded: ['agent.mjs'] });

    await writeRemoteFiles(ssh, [
      { path: join(root, 'node-fs', 'etc', 'k8s-lab', 'agent.env'), content: 'NODE_NAME=node-a\n', mode: 0o600 },
      { path: join(root, 'node-fs', 'etc', 'systemd', 'system', 'k8s-lab-agent.service'), content: Buffer.from('[Unit]\n') },
    ]);
    expect(statSync(join(root, 'node-fs', 'etc', 'k8s-lab', 'agent.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'node-fs', 'etc', 'systemd', 'system', 'k8s-lab-agent.service'), 'utf8')).toBe('[Unit]\n');
  });

  it('opens a pty shell that follows resizes', async () => {
    const shell = await ssh.shell({ cols: 100, rows: 30, term: 'xterm-256color' });
    let out = '';
    shell.on('data', (c: Buffer) => (out += c.toString()));
    shell.write('echo "TERM is $TERM"; stty size\n');
    await waitFor('TERM and size', () => out.includes('TERM is xterm-256color') && /^30 100\r?$/m.test(out), 10_000);
    shell.resize(120, 40);
    shell.write('stty size\n');
    await waitFor('new size', () => /^40 120\r?$/m.test(out), 10_000);
    const closed = new Promise((r) => shell.once('close', r));
    shell.write('exit\n');
    await within(10_000, closed);
  });

  it('forwards a TCP connection from the node', async () => {
    const server = createServer((sock: Socket) => sock.once('data', (d: Buffer) => sock.end(`echo:${d.toString()}`)));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const channel = await ssh.forwardOut('127.0.0.1', port);
    let reply = '';
    channel.on('data', (c: Buffer) => (reply += c.toString()));
    channel.write('ping');
    await waitFor('reply', () => reply === 'echo:ping', 10_000);
    channel.end();
  });

  it('streams a long-running command and stops it on close', async () => {
    const file = join(root, `log-${process.pid}.txt`);
    writeFileSync(file, '');
    const stream = await ssh.execStream(`tail -F ${file}`);
    let out = '';
    stream.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => setTimeout(r, 300)); // tail -F polls from the end
    writeFileSync(file, 'line 1\n', { flag: 'a' });
    await waitFor('the streamed line', () => out.includes('line 1'), 10_000);
    const running = (): boolean => spawnSync('pgrep', ['-f', `tail -F ${file}`]).status === 0;
    expect(running()).toBe(true);
    stream.close();
    await within(5_000, stream.exited);
    await waitFor('tail to exit on the node', () => !running(), 5_000);
    // a command that never writes does not notice the closed channel: close() signals it
    const marker = `k8s-lab-marker-${process.pid}`;
    const idle = await ssh.execStream(`sleep 60 && echo ${marker}`);
    const idleRunning = (): boolean => spawnSync('pgrep', ['-f', marker]).status === 0;
    await waitFor('the idle command', idleRunning, 5_000);
    idle.close();
    await waitFor('the idle command to exit on the node', () => !idleRunning(), 5_000);
  });
});

describe('failures', () => {
  it('gives up on a closed port at the deadline, naming host:port', async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await connect(port, 'node-closed', { retryForMs: 1_500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeSshError);
    expect((err as Error).message).toMatch(new RegExp(`root@127\\.0\\.0\\.1:${port} \\(\\d+ attempts over 2 s\\): .*ECONNREFUSED`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('notices a node that stops answering (keepalive)', async () => {
    // a proxy that goes silent without closing: the VM froze, or its network did
    let frozen = false;
    const proxy = createServer((client: Socket) => {
      const upstream = createConnection(sshdA.port, '127.0.0.1');
      client.on('data', (d: Buffer) => void (frozen || upstream.write(d)));
      upstream.on('data', (d: Buffer) => void (frozen || client.write(d)));
      client.on('error', () => undefined).on('close', () => upstream.destroy());
      upstream.on('error', () => undefined).on('close', () => client.destroy());
    });
    servers.push(proxy);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const viaProxy = await connect(port, 'node-a', { keepaliveIntervalMs: 300, keepaliveCountMax: 2 });
    expect((await viaProxy.exec('echo up')).stdout).toBe('up\n');
    const pending = viaProxy.exec('sleep 30');
    frozen = true;
    await expect(within(5_000, pending)).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}.*Keepalive timeout`));
    expect(await within(1_000, viaProxy.closed)).toBeInstanceOf(NodeSshError);
  });

  it('rejects pending and later calls when sshd dies mid-session', async () => {
    const pending = ssh.exec('sleep 30');
    await new Promise((r) => setTimeout(r, 300));
    killTree(sshdA.pid);
    await expect(within(5_000, pending)).rejects.toThrow(NodeSshError);
    await expect(within(1_000, ssh.exec('true'))).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${sshdA.port}`));
    expect(sshdA.log()).toContain('Accepted publickey for root');
  });
});
