import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CriCode, CriError } from '../cri/cri-client.js';
import { goRpcError, logrusLine, wrapError } from './errors.js';
import type { FlagSpec } from './flags.js';
import { parseFlags, parseGoDuration } from './flags.js';
import { GLOBAL_FLAGS, parseConfigFile, parseEndpoint, resolveGlobals } from './globals.js';

const SPECS: FlagSpec[] = [
  { name: 'all', aliases: ['a'], type: 'bool', usage: '' },
  { name: 'quiet', aliases: ['q'], type: 'bool', usage: '' },
  { name: 'interactive', aliases: ['i'], type: 'bool', usage: '' },
  { name: 'tty', aliases: ['t'], type: 'bool', usage: '' },
  { name: 'last', aliases: ['n'], type: 'int', usage: '' },
  { name: 'label', type: 'strings', usage: '' },
  { name: 'output', aliases: ['o'], type: 'string', usage: '', default: 'table' },
  { name: 'pull-timeout', aliases: ['pt'], type: 'duration', usage: '' },
];

describe('parseFlags (urfave/cli style)', () => {
  it('reads long, short, -long, --x=v, combined short booleans and repeated slices', () => {
    const f = parseFlags(['-aq', '--last=3', '-o', 'json', '--label', 'a=b', '-label=c=d', 'ID', '-pt', '1m30s'], SPECS);
    expect(f.bool('all') && f.bool('quiet')).toBe(true);
    expect(f.int('last')).toBe(3);
    expect(f.string('output')).toBe('json');
    expect(f.strings('label')).toEqual(['a=b', 'c=d']);
    expect(f.duration('pull-timeout')).toBe(90_000);
    expect(f.args).toEqual(['ID']);
    expect(f.isSet('output')).toBe(true);
    expect(f.isSet('tty')).toBe(false);
  });

  it('keeps defaults, and stops at the first argument for exec', () => {
    const f = parseFlags(['-it', 'abc', 'sh', '-c', 'ls -l'], SPECS, { stopAtFirstArg: true });
    expect(f.bool('interactive') && f.bool('tty')).toBe(true);
    expect(f.args).toEqual(['abc', 'sh', '-c', 'ls -l']);
    expect(f.string('output')).toBe('table');
    const g = parseFlags(['-r', 'unix:///x.sock', 'ps', '-a'], GLOBAL_FLAGS, { stopBeforeFirstArg: true });
    expect(g.string('runtime-endpoint')).toBe('unix:///x.sock');
    expect(g.rest).toEqual(['ps', '-a']);
  });

  it('refuses what Go refuses', () => {
    expect(() => parseFlags(['--nope'], SPECS)).toThrow('flag provided but not defined: -nope');
    expect(() => parseFlags(['-az'], SPECS)).toThrow('flag provided but not defined: -az');
    expect(() => parseFlags(['--last', 'x'], SPECS)).toThrow('invalid value "x" for flag -last');
    expect(() => parseFlags(['-o'], SPECS)).toThrow('flag needs an argument: -o');
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('2s')).toBe(2000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1h2m')).toBe(3_720_000);
    expect(parseGoDuration('0')).toBe(0);
    expect(() => parseGoDuration('10')).toThrow('time: missing unit in duration "10"');
  });
});

describe('global options', () => {
  const none = parseFlags([], GLOBAL_FLAGS);

  it('takes unix:// URLs and bare paths, refuses other schemes', () => {
    expect(parseEndpoint('unix:///run/containerd/containerd.sock').socketPath).toBe('/run/containerd/containerd.sock');
    expect(parseEndpoint('/tmp/c.sock')).toEqual({ url: 'unix:///tmp/c.sock', socketPath: '/tmp/c.sock' });
    expect(() => parseEndpoint('tcp://127.0.0.1:1')).toThrow('protocol "tcp" not supported');
  });

  it('prefers flags, then the environment, then the config file, then the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crictl-spec-'));
    try {
      const config = join(dir, 'crictl.yaml');
      writeFileSync(config, 'runtime-endpoint: unix:///from/config.sock\nimage-endpoint: unix:///img.sock\ntimeout: 7\ndebug: true\n');
      const fromConfig = resolveGlobals(none, { CRI_CONFIG_FILE: config });
      expect(fromConfig.runtime.socketPath).toBe('/from/config.sock');
      expect(fromConfig.image.socketPath).toBe('/img.sock');
      expect(fromConfig.timeoutMs).toBe(7000);
      expect(fromConfig.debug).toBe(true);
      const fromEnv = resolveGlobals(none, { CRI_CONFIG_FILE: config, CONTAINER_RUNTIME_ENDPOINT: 'unix:///env.sock' });
      expect(fromEnv.runtime.socketPath).toBe('/env.sock');
      const fromFlag = resolveGlobals(parseFlags(['-r', '/flag.sock', '-t', '5s', '-c', config], GLOBAL_FLAGS), { CONTAINER_RUNTIME_ENDPOINT: 'unix:///env.sock' });
      expect(fromFlag.runtime.socketPath).toBe('/flag.sock');
      expect(fromFlag.timeoutMs).toBe(5000);
      const defaults = resolveGlobals(none, {}, join(dir, 'no-crictl.yaml'));
      expect(defaults.runtime.url).toBe('unix:///run/containerd/containerd.sock');
      expect(defaults.image.socketPath).toBe('/run/containerd/containerd.sock');
      expect(defaults.timeoutMs).toBe(2000);
      expect(() => resolveGlobals(parseFlags(['-c', join(dir, 'missing.yaml')], GLOBAL_FLAGS), {})).toThrow('load config file');
      expect(parseConfigFile('')).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errors as crictl prints them', () => {
  it('spells gRPC errors the grpc-go way', () => {
    expect(goRpcError(new CriError('ContainerStatus', CriCode.NOT_FOUND, 'an error occurred when try to find container "x": not found'))).toBe(
      'rpc error: code = NotFound desc = an error occurred when try to find container "x": not found',
    );
    expect(goRpcError(new CriError('Version', CriCode.UNAVAILABLE, 'No connection established. Last error: Error: connect ENOENT /x.sock'), '/x.sock')).toBe(
      'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /x.sock: connect: no such file or directory"',
    );
    expect(goRpcError(new CriError('ListPodSandbox', CriCode.DEADLINE_EXCEEDED, 'Deadline exceeded after 2.001s'))).toBe('rpc error: code = DeadlineExceeded desc = context deadline exceeded');
    expect(wrapError('listing containers', new Error('boom')).message).toBe('listing containers: boom');
  });

  it('prints logrus lines: colored on a terminal, logfmt otherwise', () => {
    const o = { elapsedSeconds: 0.4, time: '2024-05-01T12:00:00Z' };
    expect(logrusLine('fatal', 'listing pods: boom', { ...o, tty: true })).toBe(`\x1b[31mFATA\x1b[0m[0000] ${'listing pods: boom'.padEnd(44)} \n`);
    expect(logrusLine('fatal', 'listing pods: "x"', { ...o, tty: false })).toBe('time="2024-05-01T12:00:00Z" level=fatal msg="listing pods: \\"x\\""\n');
    expect(logrusLine('info', 'ok', { ...o, tty: false })).toBe('time="2024-05-01T12:00:00Z" level=info msg=ok\n');
  });
});
