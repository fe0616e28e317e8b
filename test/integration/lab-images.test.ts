// The offline lab images, built for real from Debian packages and run for real in
// containerd 1.6 (ctr): the layout is consistent (every digest matches its bytes), an
// unchanged rebuild reuses its result, and each image does what users expect of the
// image it stands in for (nginx's welcome page, redis PONG, httpd "It works!", the seeds'
// myweb lines, echo v1 vs v2, pause's clean exit on SIGTERM).
//
// containerd runs in a network namespace this test creates (with a veth pair inside so
// apps see a non-loopback IP); `ctr run --net-host` containers share that namespace, and
// curl reaches them through `nsenter --net`. Nothing listens outside it.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContainerd } from '../../main/vm/host/containerd.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import { buildImages } from '../../vm-images/images/build.js';
import type { BuildResult } from '../../vm-images/images/build.js';
import { blobPath, readLayout } from '../../vm-images/images/layout.js';
import type { LayoutImage } from '../../vm-images/images/layout.js';
import { requireTool } from './support/tools.js';

interface Result { code: number; stdout: string; stderr: string }

function run(file: string, args: string[], timeout = 120_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout, maxBuffer: 32 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(new Error(`${file} ${args.join(' ')}: ${err.message}`, { cause: err }));
      else resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
    });
  });
}

async function must(file: string, args: string[], timeout?: number): Promise<string> {
  const r = await run(file, args, timeout);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function fileSha256(path: string, gunzip = false): Promise<string> {
  const h = createHash('sha256');
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => { for await (const c of source) h.update(c); };
  if (gunzip) await pipeline(createReadStream(path), createGunzip(), sink);
  else await pipeline(createReadStream(path), sink);
  return `sha256:${h.digest('hex')}`;
}

const buildLog: string[] = [];
let first: BuildResult;
let second: BuildResult;
let secondMs = 0;
let layoutDir: string;
let images: LayoutImage[];

beforeAll(async () => {
  for (const tool of ['apt-get', 'dpkg-deb', 'gzip', 'gcc', 'ctr', 'containerd', 'runc', 'nsenter', 'ip', 'curl', 'tar']) requireTool(tool);
  // reuses vm-images/out/images when it is up to date; a first build takes ~1 min
  first = await buildImages({ log: (l) => buildLog.push(l) });
  layoutDir = first.outDir;
  const t0 = Date.now();
  second = await buildImages({ log: (l) => buildLog.push(l) });
  secondMs = Date.now() - t0;
  images = await readLayout(layoutDir);
}, 900_000);

describe('the OCI layout', () => {
  it('names every lab image by its full reference', () => {
    const refs = images.flatMap((i) => i.refs).sort();
    expect(refs).toEqual([
      'docker.io/c1t1d0s7/myweb:latest',
      'docker.io/library/busybox:latest',
      'docker.io/library/httpd:latest',
      'docker.io/library/mysql:latest',
      'docker.io/library/nginx:latest',
      'docker.io/library/redis:latest',
      'docker.io/union1991/myweb:latest',
      'ghcr.io/subicura/echo:v1',
      'ghcr.io/subicura/echo:v2',
      'registry.k8s.io/pause:3.6',
    ]);
    const myweb = images.find((i) => i.refs.includes('docker.io/union1991/myweb:latest'));
    expect(myweb?.refs).toEqual(['docker.io/c1t1d0s7/myweb:latest', 'docker.io/union1991/myweb:latest']);
  });

  it('has blobs whose digests, sizes and diff_ids match their content', async () => {
    const index = JSON.parse(await readFile(join(layoutDir, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
    for (const m of index.manifests) {
      expect(await fileSha256(blobPath(layoutDir, m.digest))).toBe(m.digest);
      expect((await readFile(blobPath(layoutDir, m.digest))).length).toBe(m.size);
    }
    const checkedLayers = new Set<string>();
    for (const img of images) {
      const cfg = img.manifest.config;
      expect(await fileSha256(blobPath(layoutDir, cfg.digest))).toBe(cfg.digest);
      expect(img.config.rootfs.diff_ids).toHaveLength(img.manifest.layers.length);
      for (const [i, layer] of img.manifest.layers.entries()) {
        if (checkedLayers.has(layer.digest)) continue;
        checkedLayers.add(layer.digest);
        expect(await fileSha256(blobPath(layoutDir, layer.digest))).toBe(layer.digest);
        expect(await fileSha256(blobPath(layoutDir, layer.digest), true)).toBe(img.config.rootfs.diff_ids[i]);
      }
    }
    // shared layers are stored once: base+shell under nginx/redis/httpd, node under myweb/echo
    expect(checkedLayers.size).toBeLessThan(images.reduce((n, i) => n + i.manifest.layers.length, 0));
  });

  it('carries the config users expect from the real images', () => {
    const cfg = (ref: string): LayoutImage['config']['config'] => {
      const img = images.find((i) => i.refs.includes(ref));
      if (!img) throw new Error(`${ref} missing`);
      expect(img.config.os).toBe('linux');
      expect(img.config.architecture).toBe(process.arch === 'arm64' ? 'arm64' : 'amd64');
      return img.config.config;
    };
    expect(cfg('registry.k8s.io/pause:3.6').Entrypoint).toEqual(['/pause']);
    expect(cfg('docker.io/library/busybox:latest').Cmd).toEqual(['sh']);
    const nginx = cfg('docker.io/library/nginx:latest');
    expect(nginx.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(nginx.StopSignal).toBe('SIGQUIT');
    expect(Object.keys(nginx.ExposedPorts ?? {})).toEqual(['80/tcp']);
    expect(Object.keys(cfg('docker.io/library/redis:latest').ExposedPorts ?? {})).toEqual(['6379/tcp']);
    const myweb = cfg('docker.io/c1t1d0s7/myweb:latest');
    expect(myweb).toMatchObject({ Entrypoint: ['node', 'index.js'], Cmd: ['HELLO World!'], WorkingDir: '/usr/src/app' });
    expect(Object.keys(myweb.ExposedPorts ?? {})).toEqual(['8080/tcp']);
    for (const c of Object.values({ a: nginx, b: myweb })) expect(c.Env?.some((e) => e.startsWith('PATH=/'))).toBe(true);
  });

  it('lists Debian package versions in images.json', async () => {
    const doc = JSON.parse(await readFile(join(layoutDir, 'images.json'), 'utf8')) as {
      images: { name: string; ref: string; digest: string; size: number; uncompressedSize: number; packages: { name: string; version: string }[] }[];
    };
    const byName = new Map(doc.images.map((i) => [i.name, i]));
    expect(byName.get('nginx')?.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['nginx', 'libc6', 'busybox']));
    expect(byName.get('redis')?.packages.find((p) => p.name === 'redis-tools')?.version).toMatch(/^\d+:7\./);
    for (const img of doc.images) {
      expect(img.digest).toBe(images.find((i) => i.ref === img.ref)?.manifestDigest);
      expect(img.size).toBeGreaterThan(0);
      expect(img.uncompressedSize).toBeGreaterThan(img.size);
    }
  });

  it('reuses an unchanged build: same digests, nothing rebuilt', () => {
    expect(second.built).toEqual([]);
    expect(second.reused.length).toBe(9);
    expect(second.images.map((i) => i.digest)).toEqual(first.images.map((i) => i.digest));
    expect(secondMs).toBeLessThan(20_000);
    expect(buildLog.some((l) => l.includes('up to date: reusing'))).toBe(true);
  });
});

describe('the images in containerd', () => {
  const ns = `k8slab-img-${process.pid}-${randomBytes(3).toString('hex')}`;
  const nsPath = `/var/run/netns/${ns}`;
  const podIp = '192.0.2.10';
  let dir: string;
  let containerd: ContainerdHandle | undefined;
  let sock: string;
  const children: ChildProcess[] = [];
  const started: string[] = [];

  const ctr = (...args: string[]): Promise<Result> => run('ctr', ['-a', sock, '-n', 'k8s.io', ...args]);
  const curl = (url: string): Promise<Result> => run('nsenter', [`--net=${nsPath}`, 'curl', '-s', '-m', '2', url], 10_000);

  /** `ctr run --rm --net-host` in the background; resolves with its exit code. */
  function start(ref: string, id: string, args: string[] = [], env: string[] = []): { exited: Promise<number>; output: () => string } {
    let out = '';
    const child = spawn('ctr', ['-a', sock, '-n', 'k8s.io', 'run', '--rm', '--net-host', ...env.flatMap((e) => ['--env', e]), ref, id, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    started.push(id);
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
    return { exited, output: () => out };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, output?: () => string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `; container output:\n${output()}` : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const answer = (url: string, needle: string, output: () => string): Promise<string> =>
    until(`${url} to answer ${needle}`, async () => {
      const r = await curl(url);
      return r.code === 0 && r.stdout.includes(needle) ? r.stdout : undefined;
    }, output);

  async function stop(id: string, exited: Promise<number>, signal = 'SIGKILL'): Promise<number> {
    await ctr('task', 'kill', '-s', signal, id);
    return Promise.race([exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`${id} did not exit after ${signal}`)), 15_000))]);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8slab-images-'));
    await must('ip', ['netns', 'add', ns]);
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    // both ends of the veth stay in the namespace: an address to report, no way out
    await must('ip', ['-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
    await must('ip', ['-n', ns, 'link', 'set', 'eth1', 'up']);
    await must('ip', ['-n', ns, 'addr', 'add', `${podIp}/24`, 'dev', 'eth0']);
    await must('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    containerd = await startContainerd({ dir: join(dir, 'node'), netnsPath: nsPath });
    sock = containerd.socket;
    // ctr imports an OCI layout as a tar; the io.containerd.image.name annotations name the images
    const tarFile = join(dir, 'layout.tar');
    await must('tar', ['-C', layoutDir, '-cf', tarFile, 'oci-layout', 'index.json', 'blobs']);
    await must('ctr', ['-a', sock, '-n', 'k8s.io', 'images', 'import', tarFile], 300_000);
  }, 600_000);

  afterAll(async () => {
    if (containerd) {
      for (const id of started) {
        await ctr('task', 'kill', '-s', 'SIGKILL', id).catch(() => undefined);
      }
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      for (const id of started) {
        await ctr('task', 'delete', '-f', id).catch(() => undefined);
        await ctr('container', 'delete', id).catch(() => undefined);
      }
      await containerd.stop();
    }
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('imported every reference', async () => {
    const list = await must('ctr', ['-a', sock, '-n', 'k8s.io', 'images', 'ls', '-q']);
    for (const ref of images.flatMap((i) => i.refs)) expect(list.split('\n')).toContain(ref);
  });

  it('busybox runs a command', async () => {
    const r = await ctr('run', '--rm', '--net-host', 'docker.io/library/busybox:latest', `bb-${process.pid}`, 'sh', '-c', 'echo ok; id -u');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok\n0\n');
  });

  it('pause keeps running and exits 0 on SIGTERM', async () => {
    const id = `pause-${process.pid}`;
    const p = start('registry.k8s.io/pause:3.6', id);
    await until('pause to run', async () => ((await ctr('task', 'ls')).stdout.match(new RegExp(`${id}\\s+\\d+\\s+RUNNING`)) ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await ctr('task', 'ls')).stdout).toMatch(new RegExp(`${id}\\s+\\d+\\s+RUNNING`));
    expect(await stop(id, p.exited, 'SIGTERM')).toBe(0);
    expect(p.output()).toContain('Shutting down, got signal: Terminated');
  });

  it('nginx serves its welcome page on :80 and stops on SIGQUIT', async () => {
    const id = `nginx-${process.pid}`;
    const p = start('docker.io/library/nginx:latest', id);
    const page = await answer('http://127.0.0.1:80/', 'Welcome to nginx!', p.output);
    expect(page).toContain('<h1>Welcome to nginx!</h1>');
    // access log goes to the container's stdout
    await until('the access log line', () => Promise.resolve(p.output().includes('"GET / HTTP/1.1" 200') ? true : undefined), p.output);
    expect(await stop(id, p.exited, 'SIGQUIT')).toBe(0);
  });

  it('redis answers PING with protected mode off', async () => {
    const id = `redis-${process.pid}`;
    const p = start('docker.io/library/redis:latest', id);
    let last = '';
    const ping = await until('redis PONG', async () => {
      const r = await ctr('task', 'exec', '--exec-id', `ping-${randomBytes(3).toString('hex')}`, id, 'redis-cli', 'ping');
      last = r.stdout + r.stderr;
      return r.stdout.trim() === 'PONG' ? r.stdout : undefined;
    }, () => `${p.output()}\nlast redis-cli: ${last}`);
    expect(ping.trim()).toBe('PONG');
    // a client from a non-loopback address is what protected mode would refuse
    const remote = await ctr('task', 'exec', '--exec-id', 'remote', id, 'redis-cli', '-h', podIp, 'ping');
    expect(remote.stdout.trim()).toBe('PONG');
    const mode = await ctr('task', 'exec', '--exec-id', 'mode', id, 'redis-cli', 'config', 'get', 'protected-mode');
    expect(mode.stdout.split('\n').map((s) => s.trim())).toEqual(['protected-mode', 'no', '']);
    const user = await ctr('task', 'exec', '--exec-id', 'user', id, 'sh', '-c', 'ps -o user,args | grep "[r]edis-server"');
    expect(user.stdout).toMatch(/^\s*redis\s+redis-server/m);
    await stop(id, p.exited);
  });

  it('httpd says "It works!" on :80', async () => {
    const id = `httpd-${process.pid}`;
    const p = start('docker.io/library/httpd:latest', id);
    expect(await answer('http://127.0.0.1:80/', 'It works!', p.output)).toBe('<html><body><h1>It works!</h1></body></html>\n');
    await until('the access log line', () => Promise.resolve(p.output().includes('"GET / HTTP/1.1" 200') ? true : undefined), p.output);
    await stop(id, p.exited, 'SIGWINCH');
  });

  it("myweb answers like the seed's index.js on :8080", async () => {
    const id = `myweb-${process.pid}`;
    const p = start('docker.io/union1991/myweb:latest', id);
    const body = await answer('http://127.0.0.1:8080/', 'Message:', p.output);
    const lines = body.trimEnd().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['Message', 'Hostname', 'Platform', 'Uptime', 'IP', 'DNS']);
    expect(lines[0]).toBe('Message: HELLO World!');
    expect(lines[2]).toBe('Platform: linux');
    expect(lines[3]).toMatch(/^Uptime: \d+(\.\d+)?$/);
    expect(lines[4]).toBe(`IP: ${podIp}`);
    expect(p.output()).toContain('...start My Node.js Application...');
    expect(p.output()).toMatch(/Received Request From (::ffff:)?127\.0\.0\.1/);
    await stop(id, p.exited); // node as PID 1 ignores SIGTERM, as in the real image
  });

  it('mysql (MariaDB) takes MYSQL_ROOT_PASSWORD and answers mysqladmin ping', async () => {
    const id = `mysql-${process.pid}`;
    const pw = 'dkagh1.'; // the seed's livenessProbe: mysqladmin ping -pdkagh1.
    const p = start('docker.io/library/mysql:latest', id, [], [`MYSQL_ROOT_PASSWORD=${pw}`, 'MYSQL_DATABASE=lab']);
    let n = 0;
    const exec = (...cmd: string[]): Promise<Result> => ctr('task', 'exec', '--exec-id', `sql-${n++}`, id, ...cmd);
    const alive = await until('mysqladmin ping', async () => {
      const r = await exec('mysqladmin', 'ping', `-p${pw}`);
      return r.code === 0 && r.stdout.includes('mysqld is alive') ? r.stdout : undefined;
    }, p.output, 90_000);
    expect(alive).toContain('mysqld is alive');
    // root over TCP from a non-loopback address, with the password; a wrong one is refused
    const ok = await exec('mysql', '-uroot', `-p${pw}`, '-h', podIp, '-N', '-e', 'SELECT CONCAT(USER(), " ", DATABASE() IS NULL); SHOW DATABASES LIKE "lab"');
    expect(ok.stdout).toMatch(/^root@192\.0\.2\.10 1\nlab\n$/);
    const bad = await exec('mysql', '-uroot', '-pwrong', '-h', podIp, '-e', 'SELECT 1');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Access denied/);
    expect(await stop(id, p.exited, 'SIGTERM')).toBe(0);
  });

  it('echo v1 and v2 answer differently', async () => {
    const v1 = start('ghcr.io/subicura/echo:v1', `echo1-${process.pid}`);
    const v2 = start('ghcr.io/subicura/echo:v2', `echo2-${process.pid}`, [], ['PORT=3001']);
    const a = await answer('http://127.0.0.1:3000/hello?x=1', 'version:', v1.output);
    const b = await answer('http://127.0.0.1:3001/hello?x=1', 'version:', v2.output);
    expect(a).toMatch(/^version: v1\n/);
    expect(b).toMatch(/^version: v2\n/);
    expect(a).toContain('request: GET /hello?x=1 HTTP/1.1');
    expect(a).toMatch(/user-agent: curl\//);
    expect(await stop(`echo1-${process.pid}`, v1.exited, 'SIGTERM')).toBe(0);
    expect(await stop(`echo2-${process.pid}`, v2.exited, 'SIGTERM')).toBe(0);
  });
});
