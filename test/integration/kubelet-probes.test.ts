// The prober against real endpoints on loopback: HTTP(S) servers, TCP ports, a grpc-js
// server speaking grpc.health.v1, and exec through a real process runner standing in
// for CRI ExecSync (CRI exec itself is tested with containerd elsewhere). Then the
// ProbeManager on real timers at 1 s periods: readiness flips, liveness kills after
// failureThreshold with the kubelet's event and Killing messages, as the seeds' liveness
// pod (httpGet :8080) and mysql pod (exec mysqladmin ping) do.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server, ServerCredentials, status as grpcStatus } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthServiceDefinition } from '../../agent/kubelet/probes/grpc-health.js';
import type { HealthCheckRequest, HealthCheckResponse, ServingStatus } from '../../agent/kubelet/probes/grpc-health.js';
import { runExec, runGrpc, runHttpGet, runTcpSocket } from '../../agent/kubelet/probes/probe-runners.js';
import { ProbeManager } from '../../agent/kubelet/probes/prober.js';
import type { ProbeEvent, ProbeKill } from '../../agent/kubelet/probes/prober.js';
import type { ExecSyncFn, ProbedPod } from '../../agent/kubelet/probes/types.js';
import { requireTool } from './support/tools.js';

const HOST = '127.0.0.1';
const workDir = mkdtempSync(path.join(tmpdir(), `kubelet-probes-${process.pid}-`));
const closers: (() => Promise<void>)[] = [];
let httpPort = 0;
let httpsPort = 0;
let grpcPort = 0;
let bareGrpcPort = 0;
let lastHeaders: http.IncomingHttpHeaders = {};
let live = true;
let ready = true;
const grpcStatuses = new Map<string, ServingStatus>([['', 'SERVING'], ['db', 'NOT_SERVING']]);

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  lastHeaders = req.headers;
  switch (url.pathname) {
    case '/':
    case '/ok':
      res.end('ok');
      return;
    case '/missing':
      res.statusCode = 404;
      res.end('not found: this body must not reach the event');
      return;
    case '/slow':
      setTimeout(() => res.end('late'), 3000).unref();
      return;
    case '/slow-body':
      res.writeHead(200);
      res.write('partial');
      setTimeout(() => res.end(), 3000).unref();
      return;
    case '/big':
      res.end('x'.repeat(20 * 1024));
      return;
    case '/redirect-local':
      res.writeHead(302, { Location: '/ok' }).end();
      return;
    case '/redirect-other':
      // 127.0.0.2 is still loopback, but another host to the redirect checker
      res.writeHead(302, { Location: `http://127.0.0.2:${httpPort}/ok` }).end('moved');
      return;
    case '/loop':
      res.writeHead(302, { Location: '/loop' }).end();
      return;
    case '/healthz':
      res.statusCode = live ? 200 : 500;
      res.end();
      return;
    case '/ready':
      res.statusCode = ready ? 200 : 503;
      res.end();
      return;
    default:
      res.statusCode = 404;
      res.end();
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: net.Server): () => Promise<void> {
  return () => new Promise((resolve) => {
    (server as http.Server).closeAllConnections?.();
    server.close(() => resolve());
  });
}

async function startGrpc(withHealth: boolean): Promise<number> {
  const server = new Server();
  if (withHealth) {
    server.addService(healthServiceDefinition, {
      Check: (call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, cb: sendUnaryData<HealthCheckResponse>) => {
        const s = grpcStatuses.get(call.request.service);
        // grpc-go's health server answers NotFound "unknown service" for names it does not know
        if (s === undefined) cb({ code: grpcStatus.NOT_FOUND, details: 'unknown service' });
        else cb(null, { status: s });
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${HOST}:0`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  closers.push(() => new Promise((resolve) => server.tryShutdown(() => resolve())));
  return port;
}

/** a port nothing listens on: bound, then released */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * ExecSync's contract on a host process instead of a container: stdout, stderr, exit
 * code; past `timeout` seconds the process is killed and the call fails with gRPC
 * DEADLINE_EXCEEDED, as containerd's CRI does.
 */
const hostExecSync: ExecSyncFn = (req) => new Promise((resolve, reject) => {
  const [file, ...args] = req.cmd;
  if (file === undefined) {
    reject(new Error('empty command'));
    return;
  }
  const child = spawn(file, args, { env: { ...process.env, PATH: `${workDir}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, req.timeout * 1000);
  child.on('error', (e) => {
    clearTimeout(timer);
    reject(e);
  });
  child.on('close', (code) => {
    clearTimeout(timer);
    if (timedOut) reject(Object.assign(new Error(`4 DEADLINE_EXCEEDED: timeout ${req.timeout}s exceeded`), { code: 4 }));
    else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code ?? 137 });
  });
});

beforeAll(async () => {
  const openssl = requireTool('openssl');
  const httpServer = http.createServer(handler);
  httpPort = await listen(httpServer);
  closers.push(closeServer(httpServer));

  const key = path.join(workDir, 'tls.key');
  const cert = path.join(workDir, 'tls.crt');
  execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=probe-test'], { stdio: 'ignore' });
  const httpsServer = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler);
  httpsPort = await listen(httpsServer);
  closers.push(closeServer(httpsServer));

  grpcPort = await startGrpc(true);
  bareGrpcPort = await startGrpc(false);

  // a stand-in mysqladmin: "ping" answers alive once the server "started" (a file exists)
  writeFileSync(path.join(workDir, 'mysqladmin'), [
    '#!/bin/sh',
    `if [ -e ${workDir}/mysqld.up ] && [ "$2" = "-pdkagh1." ]; then echo "mysqld is alive"; exit 0; fi`,
    `echo "mysqladmin: connect to server at 'localhost' failed" >&2`,
    `echo "error: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'" >&2`,
    'exit 1',
  ].join('\n'));
  chmodSync(path.join(workDir, 'mysqladmin'), 0o755);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('httpGet', () => {
  const get = (p: string, extra: Partial<Parameters<typeof runHttpGet>[0]> = {}) => runHttpGet({ host: HOST, port: httpPort, path: p, timeoutMs: 1000, ...extra });

  it('succeeds on 200 with the kubelet request headers', async () => {
    expect(await get('/ok')).toEqual({ result: 'success', output: 'ok' });
    expect(lastHeaders['user-agent']).toBe('kube-probe/1.32');
    expect(lastHeaders.accept).toBe('*/*');
    expect(lastHeaders.connection).toBe('close');
    await get('/ok', { httpHeaders: [{ name: 'X-Probe', value: 'yes' }, { name: 'User-Agent', value: 'custom' }] });
    expect(lastHeaders['x-probe']).toBe('yes');
    expect(lastHeaders['user-agent']).toBe('custom');
  });

  it('fails on 404 with the status code only', async () => {
    expect(await get('/missing')).toEqual({ result: 'failure', output: 'HTTP probe failed with statuscode: 404' });
  });

  it('fails after timeoutSeconds with Go\'s client timeout text', async () => {
    const started = Date.now();
    expect(await get('/slow')).toEqual({
      result: 'failure',
      output: `Get "http://${HOST}:${httpPort}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(2500);
    const body = await get('/slow-body');
    expect(body).toEqual({ result: 'failure', output: '', error: 'context deadline exceeded (Client.Timeout or context cancellation while reading body)' });
  });

  it('fails on a refused connection with Go\'s dial error', async () => {
    const port = await closedPort();
    expect(await runHttpGet({ host: HOST, port, path: '/', timeoutMs: 1000 })).toEqual({
      result: 'failure',
      output: `Get "http://${HOST}:${port}/": dial tcp ${HOST}:${port}: connect: connection refused`,
    });
  });

  it('follows redirects on the same host only; another host is a success with a warning', async () => {
    expect(await get('/redirect-local')).toEqual({ result: 'success', output: 'ok' });
    expect(await get('/redirect-other')).toEqual({ result: 'warning', output: 'Probe terminated redirects, Response body: moved' });
    expect(await get('/loop')).toEqual({ result: 'failure', output: `Get "http://${HOST}:${httpPort}/loop": stopped after 10 redirects` });
  });

  it('reads at most 10 KiB of body', async () => {
    const r = await get('/big');
    expect(r.result).toBe('success');
    expect(r.output.length).toBe(10 * 1024);
  });

  it('probes HTTPS without verifying the certificate', async () => {
    expect(await runHttpGet({ host: HOST, port: httpsPort, path: '/ok', scheme: 'HTTPS', timeoutMs: 1000 })).toEqual({ result: 'success', output: 'ok' });
  });
});

describe('tcpSocket', () => {
  it('succeeds on an open port and fails on a closed one', async () => {
    expect(await runTcpSocket({ host: HOST, port: httpPort, timeoutMs: 1000 })).toEqual({ result: 'success', output: '' });
    const port = await closedPort();
    expect(await runTcpSocket({ host: HOST, port, timeoutMs: 1000 })).toEqual({ result: 'failure', output: `dial tcp ${HOST}:${port}: connect: connection refused` });
  });
});

describe('grpc', () => {
  it('succeeds on SERVING and fails on NOT_SERVING, unknown services and servers without health', async () => {
    expect(await runGrpc({ host: HOST, port: grpcPort, timeoutMs: 1000 })).toEqual({ result: 'success', output: 'service healthy' });
    expect(await runGrpc({ host: HOST, port: grpcPort, service: 'db', timeoutMs: 1000 })).toEqual({ result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
    expect(await runGrpc({ host: HOST, port: grpcPort, service: 'nope', timeoutMs: 1000 })).toEqual({
      result: 'failure',
      output: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service',
    });
    const bare = await runGrpc({ host: HOST, port: bareGrpcPort, timeoutMs: 1000 });
    expect(bare.result).toBe('failure');
    expect(bare.output).toMatch(/^error: this server does not implement the grpc health protocol \(grpc\.health\.v1\.Health\): .+/);
  });

  it('fails with the connect timeout text when nothing listens', async () => {
    const port = await closedPort();
    expect(await runGrpc({ host: HOST, port, timeoutMs: 1000 })).toEqual({
      result: 'failure',
      output: `timeout: failed to connect service "${HOST}:${port}" within 1s: context deadline exceeded`,
    });
  });
});

describe('exec', () => {
  it('passes on exit 0, fails with the command output otherwise, and times out', async () => {
    expect(await runExec(hostExecSync, 'c1', ['sh', '-c', 'echo healthy'], 1000)).toEqual({ result: 'success', output: 'healthy\n' });
    expect(await runExec(hostExecSync, 'c1', ['sh', '-c', 'echo out; echo err >&2; exit 3'], 1000)).toEqual({ result: 'failure', output: 'out\nerr\n' });
    expect(await runExec(hostExecSync, 'c1', ['sleep', '5'], 1000)).toEqual({ result: 'failure', output: 'command "sleep 5" timed out' });
    const missing = await runExec(hostExecSync, 'c1', ['no-such-binary-here'], 1000);
    expect(missing).toMatchObject({ result: 'unknown', output: '' });
    expect(missing.error).toMatch(/ENOENT/);
  });
});

describe('ProbeManager on real timers', () => {
  function collect(manager: ProbeManager) {
    const events: ProbeEvent[] = [];
    const kills: ProbeKill[] = [];
    manager.onEvent((e) => events.push(e));
    manager.onKill((k) => kills.push(k));
    return { events, kills };
  }

  async function waitFor(cond: () => boolean, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('flips readiness and restarts the seeds\' liveness pod (httpGet :8080) after failureThreshold', async () => {
    live = true;
    ready = true;
    const manager = new ProbeManager({ onError: (e) => { throw e; } });
    const { events, kills } = collect(manager);
    const pod: ProbedPod = {
      metadata: { name: 'mynapp-pod-liveness', namespace: 'default', uid: 'u1' },
      spec: {
        containers: [{
          name: 'mynapp',
          ports: [{ name: 'http', containerPort: httpPort }],
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
          readinessProbe: { httpGet: { path: '/ready', port: httpPort }, periodSeconds: 1, failureThreshold: 1 },
        }],
      },
    };
    try {
      manager.addContainer('default/mynapp-pod-liveness', pod, 'mynapp', 'c1', Date.now(), { podIP: HOST });
      expect(manager.isReady('default/mynapp-pod-liveness', 'mynapp')).toBe(false);
      await waitFor(() => manager.isReady('default/mynapp-pod-liveness', 'mynapp'), 3000);

      ready = false;
      await waitFor(() => !manager.isReady('default/mynapp-pod-liveness', 'mynapp'), 3000);
      expect(events.map((e) => e.message)).toContain('Readiness probe failed: HTTP probe failed with statuscode: 503');

      const failedAt = Date.now();
      live = false;
      await waitFor(() => kills.length > 0, 6000);
      // three failures one second apart: the kill comes 2–3 s after the first failure
      expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1900);
      expect(kills).toEqual([{ podKey: 'default/mynapp-pod-liveness', container: 'mynapp', containerId: 'c1', reason: 'liveness', message: 'Container mynapp failed liveness probe, will be restarted' }]);
      const liveness = events.filter((e) => e.message.startsWith('Liveness'));
      expect(liveness.map((e) => e.message)).toEqual(Array(3).fill('Liveness probe failed: HTTP probe failed with statuscode: 500'));
      expect(liveness[0]).toMatchObject({ type: 'Warning', reason: 'Unhealthy', fieldPath: 'spec.containers{mynapp}' });

      // the restarted container is probed afresh
      live = true;
      ready = true;
      manager.addContainer('default/mynapp-pod-liveness', pod, 'mynapp', 'c2', Date.now(), { podIP: HOST });
      await waitFor(() => manager.isReady('default/mynapp-pod-liveness', 'mynapp'), 3000);
      expect(manager.result('c2', 'liveness')).toBe('success');
      expect(kills).toHaveLength(1);
    } finally {
      manager.stop();
      await manager.idle();
    }
  });

  it('runs the seeds\' exec pattern (mysqladmin ping) through ExecSync, gated by a startup probe', async () => {
    rmSync(path.join(workDir, 'mysqld.up'), { force: true });
    const manager = new ProbeManager({ execSync: hostExecSync, onError: (e) => { throw e; } });
    const { events, kills } = collect(manager);
    const ping = { exec: { command: ['mysqladmin', 'ping', '-p$(MYSQL_ROOT_PASSWORD)'] }, periodSeconds: 1 };
    const pod: ProbedPod = {
      metadata: { name: 'mysql-liveness', namespace: 'default', uid: 'u2' },
      spec: { containers: [{ name: 'mysql', env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'dkagh1.' }], startupProbe: { ...ping, failureThreshold: 30 }, livenessProbe: ping }] },
    };
    try {
      manager.addContainer('default/mysql-liveness', pod, 'mysql', 'm1', Date.now(), { podIP: HOST });
      await waitFor(() => events.length >= 2, 4000);
      expect(manager.isStarted('default/mysql-liveness', 'mysql')).toBe(false);
      expect(events[0]?.message).toBe(
        "Startup probe failed: mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\n",
      );
      writeFileSync(path.join(workDir, 'mysqld.up'), '');
      await waitFor(() => manager.isStarted('default/mysql-liveness', 'mysql'), 3000);
      await waitFor(() => manager.isReady('default/mysql-liveness', 'mysql'), 1000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(manager.result('m1', 'liveness')).toBe('success');
      expect(events.every((e) => e.message.startsWith('Startup probe failed: '))).toBe(true);
      expect(kills).toHaveLength(0);
    } finally {
      manager.stop();
      await manager.idle();
    }
  });
});
