import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SpdySession } from './session.js';
import type { SpdyStream } from './stream.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function pair(): Promise<{ client: SpdySession; server: SpdySession }> {
  const srv = createServer();
  const accepted = new Promise<Socket>((r) => srv.once('connection', r));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const sock = connect((srv.address() as AddressInfo).port, '127.0.0.1');
  const server = new SpdySession(await accepted, 'server');
  const client = new SpdySession(sock, 'client');
  cleanups.push(() => {
    client.destroy();
    server.destroy();
    srv.close();
  });
  return { client, server };
}

function collect(s: SpdyStream): Promise<string> {
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return new Promise((resolve) => s.once('end', () => resolve(text)));
}

describe('SpdySession', () => {
  it('opens streams, replies, carries data both ways and half-closes each direction', async () => {
    const { client, server } = await pair();
    const incoming = new Promise<SpdyStream>((r) => server.once('stream', r));
    const out = client.openStream({ streamType: 'stdin', port: '80' });
    expect(out.id).toBe(1);
    const replied = new Promise((r) => out.once('reply', r));
    out.write(Buffer.from('hello '));
    out.end(Buffer.from('world'));
    const s = await incoming;
    expect(s.id).toBe(1);
    expect(s.header('streamtype')).toBe('stdin');
    const got = collect(s);
    s.reply();
    await replied;
    expect(await got).toBe('hello world');
    const back = collect(out);
    s.end(Buffer.from('bye'));
    expect(await back).toBe('bye');
  });

  it('numbers client streams odd and server streams even', async () => {
    const { client, server } = await pair();
    const a = client.openStream({ streamType: 'error' });
    const b = client.openStream({ streamType: 'data' });
    const c = server.openStream({ streamType: 'x' });
    expect([a.id, b.id, c.id]).toEqual([1, 3, 2]);
    const seen = new Promise<SpdyStream>((r) => client.once('stream', r));
    expect((await seen).id).toBe(2);
  });

  it('answers the peer PING and resolves its own', async () => {
    const { client } = await pair();
    const rtt = await client.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
  });

  it('reports a reset to both ends of the stream', async () => {
    const { client, server } = await pair();
    const incoming = new Promise<SpdyStream>((r) => server.once('stream', r));
    const out = client.openStream({ streamType: 'data' });
    const s = await incoming;
    const reset = new Promise<number>((r) => out.once('reset', r));
    s.reset(3);
    expect(await reset).toBe(3);
    expect(s.isReset).toBe(true);
  });

  it('resets open streams and emits close when the connection goes away', async () => {
    const { client, server } = await pair();
    const incoming = new Promise<SpdyStream>((r) => server.once('stream', r));
    const out = client.openStream({ streamType: 'stdout' });
    await incoming;
    const reset = new Promise<number>((r) => out.once('reset', r));
    const closed = new Promise((r) => client.once('close', r));
    server.close();
    await closed;
    await reset;
    expect(client.isClosed).toBe(true);
  });

  it('splits large writes into frames and keeps their order', async () => {
    const { client, server } = await pair();
    const incoming = new Promise<SpdyStream>((r) => server.once('stream', r));
    const out = client.openStream({ streamType: 'stdin' });
    const big = Buffer.alloc(200_000, 'x');
    big.write('end', big.length - 3);
    out.end(big);
    const s = await incoming;
    s.reply();
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    await new Promise<void>((r) => s.once('end', () => r()));
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
  });
});
