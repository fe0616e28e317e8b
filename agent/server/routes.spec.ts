import { describe, expect, it } from 'vitest';
import { execCommand, forwardPorts, parseRoute, streamFlags } from './routes.js';

describe('kubelet routes', () => {
  it('parses the kubelet API paths', () => {
    expect(parseRoute('/healthz')).toEqual({ kind: 'healthz' });
    expect(parseRoute('/containerLogs/default/web/nginx')).toEqual({ kind: 'containerLogs', namespace: 'default', pod: 'web', container: 'nginx' });
    expect(parseRoute('/exec/default/web/nginx')).toEqual({ kind: 'exec', namespace: 'default', pod: 'web', container: 'nginx' });
    expect(parseRoute('/attach/default/web/0b5e-uid/nginx')).toEqual({ kind: 'attach', namespace: 'default', pod: 'web', container: 'nginx' });
    expect(parseRoute('/portForward/default/web')).toEqual({ kind: 'portForward', namespace: 'default', pod: 'web' });
    expect(parseRoute('/portForward/default/web/uid')).toEqual({ kind: 'portForward', namespace: 'default', pod: 'web' });
    expect(parseRoute('/exec/default/web')).toBeUndefined();
    expect(parseRoute('/containerLogs/default//c')).toBeUndefined();
    expect(parseRoute('/nope')).toBeUndefined();
    expect(parseRoute('/exec/a/%E0%A4%A/c')).toBeUndefined();
  });

  it('reads the stream flags under both parameter spellings; tty drops stderr', () => {
    expect(streamFlags(new URLSearchParams('input=1&output=1&error=1'))).toEqual({ stdin: true, stdout: true, stderr: true, tty: false });
    expect(streamFlags(new URLSearchParams('stdin=true&stdout=true&stderr=true&tty=true'))).toEqual({ stdin: true, stdout: true, stderr: false, tty: true });
    expect(() => streamFlags(new URLSearchParams('tty=1'))).toThrow(/at least 1 of stdin, stdout, stderr/);
  });

  it('reads commands and ports', () => {
    expect(execCommand(new URLSearchParams('command=sh&command=-c&command=exit 3'))).toEqual(['sh', '-c', 'exit 3']);
    expect(() => execCommand(new URLSearchParams(''))).toThrow(/at least one command/);
    expect(forwardPorts(new URLSearchParams('port=80&port=8080'))).toEqual([80, 8080]);
    expect(() => forwardPorts(new URLSearchParams('port=0'))).toThrow(/invalid port/);
  });
});
