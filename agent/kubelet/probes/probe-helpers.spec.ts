import { describe, expect, it } from 'vitest';
import { runExec } from './exec-probe.js';
import { dialErrorText, formatGoDuration, joinHostPort } from './go-text.js';
import { decodeHealthCheckRequest, decodeHealthCheckResponse, encodeHealthCheckRequest, encodeHealthCheckResponse } from './grpc-health.js';
import { probeHeaders, probeUrl, PROBE_USER_AGENT } from './http-probe.js';
import { defaultProbe, expandCommand, PortResolutionError, resolveContainerPort } from './probe-helpers.js';
import { createProbeRunner } from './probe-runners.js';
import type { ExecSyncFn, ProbedContainer } from './types.js';

const container: ProbedContainer = {
  name: 'mysql',
  ports: [{ name: 'http', containerPort: 8080 }, { name: 'mysql', containerPort: 3306 }],
  env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'dkagh1.' }, { name: 'FROM_SECRET' }],
};

describe('defaultProbe', () => {
  it('fills the API defaults and pins successThreshold to 1 for liveness and startup', () => {
    expect(defaultProbe({}, 'readiness')).toMatchObject({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(defaultProbe({ successThreshold: 3 }, 'liveness').successThreshold).toBe(1);
    expect(defaultProbe({ successThreshold: 3 }, 'startup').successThreshold).toBe(1);
    expect(defaultProbe({ successThreshold: 3, periodSeconds: 2, timeoutSeconds: 5 }, 'readiness')).toMatchObject({ successThreshold: 3, periodSeconds: 2, timeoutSeconds: 5 });
  });
});

describe('resolveContainerPort', () => {
  it('takes numbers, named container ports and digit strings', () => {
    expect(resolveContainerPort(8080, container)).toBe(8080);
    expect(resolveContainerPort('mysql', container)).toBe(3306);
    expect(resolveContainerPort('9090', container)).toBe(9090);
  });

  it('fails with the Go error texts', () => {
    expect(() => resolveContainerPort('nope', container)).toThrow(new PortResolutionError('strconv.Atoi: parsing "nope": invalid syntax'));
    expect(() => resolveContainerPort(70000, container)).toThrow('invalid port number: 70000');
    expect(() => resolveContainerPort(0, container)).toThrow('invalid port number: 0');
  });
});

describe('expandCommand', () => {
  it('expands $(VAR) from static env only, keeps unknown references and honours $$', () => {
    expect(expandCommand(['mysqladmin', 'ping', '-p$(MYSQL_ROOT_PASSWORD)'], container.env)).toEqual(['mysqladmin', 'ping', '-pdkagh1.']);
    expect(expandCommand(['$(FROM_SECRET)x', '$(MISSING)', '$$(MYSQL_ROOT_PASSWORD)', '$(OPEN', 'a$b', 'end$'], container.env)).toEqual([
      'x', '$(MISSING)', '$(MYSQL_ROOT_PASSWORD)', '$(OPEN', 'a$b', 'end$',
    ]);
  });
});

describe('Go-style text', () => {
  it('formats durations, host:port and dial errors as Go does', () => {
    expect([formatGoDuration(1000), formatGoDuration(500), formatGoDuration(1500), formatGoDuration(120_000)]).toEqual(['1s', '500ms', '1.5s', '2m0s']);
    expect(joinHostPort('::1', 80)).toBe('[::1]:80');
    expect(dialErrorText(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), '10.244.1.5', 8080)).toBe('dial tcp 10.244.1.5:8080: connect: connection refused');
    expect(dialErrorText(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'db', 3306)).toBe('dial tcp: lookup db: no such host');
  });
});

describe('HTTP request shape', () => {
  it('builds the URL like formatURL and the headers like newProbeRequest', () => {
    expect(probeUrl('http', '10.244.1.5', 8080, undefined).href).toBe('http://10.244.1.5:8080/');
    expect(probeUrl('https', '::1', 8443, 'healthz?full=1').href).toBe('https://[::1]:8443/healthz?full=1');
    expect(probeHeaders(undefined)).toEqual({ 'User-Agent': PROBE_USER_AGENT, Accept: '*/*' });
    expect(probeHeaders([{ name: 'Accept', value: '' }, { name: 'X-Custom', value: 'a' }, { name: 'x-custom', value: 'b' }, { name: 'user-agent', value: 'me' }])).toEqual({
      'X-Custom': ['a', 'b'],
      'user-agent': 'me',
    });
    expect(PROBE_USER_AGENT).toBe('kube-probe/1.32');
  });
});

describe('grpc.health.v1 codec', () => {
  it('round-trips requests and responses in protobuf wire format', () => {
    expect(encodeHealthCheckRequest({ service: '' }).length).toBe(0);
    expect([...encodeHealthCheckRequest({ service: 'ab' })]).toEqual([0x0a, 2, 0x61, 0x62]);
    expect(decodeHealthCheckRequest(encodeHealthCheckRequest({ service: 'grpc.health.v1.Health' }))).toEqual({ service: 'grpc.health.v1.Health' });
    expect([...encodeHealthCheckResponse({ status: 'NOT_SERVING' })]).toEqual([0x08, 2]);
    expect(decodeHealthCheckResponse(Buffer.from([0x08, 1]))).toEqual({ status: 'SERVING' });
    expect(decodeHealthCheckResponse(Buffer.alloc(0))).toEqual({ status: 'UNKNOWN' });
    // unknown fields are skipped
    expect(decodeHealthCheckResponse(Buffer.from([0x12, 1, 0x41, 0x08, 3]))).toEqual({ status: 'SERVICE_UNKNOWN' });
  });
});

describe('exec probe result mapping', () => {
  const reply = (exitCode: number, stdout: string, stderr = ''): ExecSyncFn => () =>
    Promise.resolve({ stdout: Buffer.from(stdout), stderr: Buffer.from(stderr), exitCode });

  it('succeeds on exit 0 and fails otherwise, with stdout then stderr as output', async () => {
    expect(await runExec(reply(0, 'mysqld is alive\n'), 'c1', ['mysqladmin', 'ping'], 1000)).toEqual({ result: 'success', output: 'mysqld is alive\n' });
    expect(await runExec(reply(1, 'out;', "mysqladmin: connect to server at 'localhost' failed\n"), 'c1', ['mysqladmin', 'ping'], 1000)).toEqual({
      result: 'failure',
      output: "out;mysqladmin: connect to server at 'localhost' failed\n",
    });
  });

  it('passes the timeout in whole seconds and maps DEADLINE_EXCEEDED to "command … timed out"', async () => {
    const seen: number[] = [];
    const deadline: ExecSyncFn = (req) => {
      seen.push(req.timeout);
      return Promise.reject(Object.assign(new Error('4 DEADLINE_EXCEEDED: timeout 1s exceeded'), { code: 4 }));
    };
    expect(await runExec(deadline, 'c1', ['sleep', '5'], 1000)).toEqual({ result: 'failure', output: 'command "sleep 5" timed out' });
    await runExec(deadline, 'c1', ['x'], 2500);
    expect(seen).toEqual([1, 3]);
  });

  it('reports other runtime errors as errored (unknown)', async () => {
    const gone: ExecSyncFn = () => Promise.reject(Object.assign(new Error('5 NOT_FOUND: container not found'), { code: 5 }));
    expect(await runExec(gone, 'c1', ['true'], 1000)).toEqual({ result: 'unknown', output: '', error: '5 NOT_FOUND: container not found' });
  });
});

describe('createProbeRunner', () => {
  const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' } };
  const base = { probeType: 'liveness' as const, timeoutMs: 1000, pod, container, containerId: 'c1', podIP: '10.244.1.5' };

  it('errors on a probe without a handler and on an unresolvable port', async () => {
    const run = createProbeRunner({});
    expect(await run({ ...base, spec: {} })).toEqual({ result: 'unknown', output: '', error: 'missing probe handler for p_default(u1):mysql' });
    expect(await run({ ...base, spec: { tcpSocket: { port: 'nope' } } })).toEqual({ result: 'unknown', output: '', error: 'strconv.Atoi: parsing "nope": invalid syntax' });
  });

  it('runs exec probes through execSync with the expanded command', async () => {
    const cmds: string[][] = [];
    const run = createProbeRunner({
      execSync: (req) => {
        cmds.push(req.cmd);
        return Promise.resolve({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 });
      },
    });
    expect(await run({ ...base, spec: { exec: { command: ['mysqladmin', 'ping', '-p$(MYSQL_ROOT_PASSWORD)'] } } })).toEqual({ result: 'success', output: '' });
    expect(cmds).toEqual([['mysqladmin', 'ping', '-pdkagh1.']]);
  });
});
