import { describe, expect, it } from 'vitest';
import { EXEC_PROTOCOL_V4, EXEC_PROTOCOL_V5, closeFrame, decodeFrame, execUrl, exitFromStatus, resizeFrame, stdinFrame } from './exec-frames.js';

describe('the WebSocket remote command frames (v5.channel.k8s.io)', () => {
  it('encodes stdin as channel 0 then the UTF-8 bytes', () => {
    expect([...stdinFrame('ls\r')]).toEqual([0, 0x6c, 0x73, 0x0d]);
    expect([...stdinFrame('한')]).toEqual([0, 0xed, 0x95, 0x9c]);
    expect([...stdinFrame(new Uint8Array([3]))]).toEqual([0, 3]); // Ctrl-C
  });

  it("encodes a resize as channel 4 with TerminalSize's JSON field names", () => {
    const f = resizeFrame(120, 40);
    expect(f[0]).toBe(4);
    expect(JSON.parse(f.subarray(1).toString())).toEqual({ Width: 120, Height: 40 });
    expect(JSON.parse(resizeFrame(70000.7, -3).subarray(1).toString())).toEqual({ Width: 65535, Height: 0 }); // uint16
  });

  it('closes stdin with [255, 0] and reads a close only under v5', () => {
    expect([...closeFrame(0)]).toEqual([255, 0]);
    expect(decodeFrame(Buffer.from([255, 0]), EXEC_PROTOCOL_V5)).toEqual({ kind: 'close', channel: 0 });
    // under v4 there is no close signal: 255 is just a channel nobody uses
    expect(decodeFrame(Buffer.from([255, 0]), EXEC_PROTOCOL_V4)).toEqual({ kind: 'data', channel: 255, data: Buffer.from([0]) });
  });

  it('decodes output by channel, and the empty "ready" frame', () => {
    expect(decodeFrame(Buffer.from([1, 0x34, 0x32]), EXEC_PROTOCOL_V5)).toEqual({ kind: 'data', channel: 1, data: Buffer.from('42') });
    expect(decodeFrame(Buffer.from([2, 0x21]), EXEC_PROTOCOL_V5)).toEqual({ kind: 'data', channel: 2, data: Buffer.from('!') });
    expect(decodeFrame(Buffer.from([1]), EXEC_PROTOCOL_V5)).toEqual({ kind: 'data', channel: 1, data: Buffer.alloc(0) });
    expect(decodeFrame(Buffer.alloc(0), EXEC_PROTOCOL_V5)).toEqual({ kind: 'empty' });
  });
});

describe("the error channel's Status → the exit code (client-go errorDecoderV4)", () => {
  it('Success is exit 0', () => {
    expect(exitFromStatus('{"metadata":{},"status":"Success"}')).toEqual({ code: 0, reason: 'exit code 0' });
  });

  it("NonZeroExitCode carries the code in the ExitCode cause, kubectl's words", () => {
    const s = { metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } };
    expect(exitFromStatus(Buffer.from(JSON.stringify(s)))).toEqual({ code: 3, reason: 'command terminated with exit code 3' });
    expect(exitFromStatus(JSON.stringify({ ...s, details: { causes: [{ reason: 'ExitCode', message: 'x' }] } })).code).toBeNull();
  });

  it('any other Failure is no code and its message', () => {
    const s = { metadata: {}, status: 'Failure', message: 'Internal error occurred: error executing command: exec: "bash": executable file not found in $PATH', reason: 'InternalError', code: 500 };
    expect(exitFromStatus(JSON.stringify(s))).toEqual({ code: null, reason: s.message });
    expect(exitFromStatus('not json').code).toBeNull();
  });
});

describe('the exec URL', () => {
  it("is the pods/exec subresource with kubectl's query: one command= per argv item, stderr off with a tty", () => {
    const url = new URL(execUrl('https://127.0.0.1:6443', { namespace: 'default', pod: 'web', container: 'nginx', command: ['sh', '-c', 'echo $((6*7))'], tty: true }));
    expect(url.protocol).toBe('wss:');
    expect(url.pathname).toBe('/api/v1/namespaces/default/pods/web/exec');
    expect(url.searchParams.getAll('command')).toEqual(['sh', '-c', 'echo $((6*7))']);
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'command'))).toEqual({ container: 'nginx', stdin: 'true', stdout: 'true', stderr: 'false', tty: 'true' });
    expect(execUrl('http://h:1/', { namespace: 'n', pod: 'p', command: ['sh'], tty: false })).toBe('ws://h:1/api/v1/namespaces/n/pods/p/exec?command=sh&stdin=true&stdout=true&stderr=true&tty=false');
  });
});
