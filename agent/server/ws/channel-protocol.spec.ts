import { describe, expect, it } from 'vitest';
import { Channel, PROTOCOL_PORTFORWARD_TUNNEL, PROTOCOL_V4, PROTOCOL_V5, REMOTE_COMMAND_PROTOCOLS, channelMessage, chooseProtocol, escapeProtocol, parseChannelMessage, unescapeProtocol } from './channel-protocol.js';

describe('Kubernetes WebSocket channel protocol', () => {
  it('prefers v5, accepts v4, refuses base64 and unknown protocols', () => {
    expect(chooseProtocol([PROTOCOL_V4, PROTOCOL_V5], REMOTE_COMMAND_PROTOCOLS)).toBe(PROTOCOL_V5);
    expect(chooseProtocol(['channel.k8s.io', PROTOCOL_V4], REMOTE_COMMAND_PROTOCOLS)).toBe(PROTOCOL_V4);
    expect(chooseProtocol(['base64.channel.k8s.io'], REMOTE_COMMAND_PROTOCOLS)).toBeUndefined();
    expect(chooseProtocol([PROTOCOL_PORTFORWARD_TUNNEL], [PROTOCOL_PORTFORWARD_TUNNEL])).toBe(PROTOCOL_PORTFORWARD_TUNNEL);
  });

  it('prefixes the channel byte', () => {
    expect(channelMessage(Channel.STDOUT, Buffer.from('hi')).toString('hex')).toBe('016869');
    expect(channelMessage(Channel.ERROR).toString('hex')).toBe('03');
  });

  it('reads data, resize and the v5 close signal', () => {
    expect(parseChannelMessage(Buffer.from([0, 0x61]), PROTOCOL_V5)).toEqual({ kind: 'data', channel: 0, data: Buffer.from('a') });
    const resize = Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}')]);
    expect(parseChannelMessage(resize, PROTOCOL_V5)).toEqual({ kind: 'data', channel: 4, data: Buffer.from('{"Width":80,"Height":24}') });
    expect(parseChannelMessage(Buffer.from([255, 0]), PROTOCOL_V5)).toEqual({ kind: 'close', channel: 0 });
    // v4 has no close signal: 255 is an unknown channel there
    expect(parseChannelMessage(Buffer.from([255, 0]), PROTOCOL_V4)).toEqual({ kind: 'data', channel: 255, data: Buffer.from([0]) });
    expect(parseChannelMessage(Buffer.alloc(0), PROTOCOL_V5)).toEqual({ kind: 'empty' });
  });

  it('escapes the tunnel protocol into an RFC 7230 token and back', () => {
    const escaped = escapeProtocol(PROTOCOL_PORTFORWARD_TUNNEL);
    expect(escaped).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
    expect(unescapeProtocol(escaped)).toBe(PROTOCOL_PORTFORWARD_TUNNEL);
    expect(escapeProtocol(PROTOCOL_V5)).toBe(PROTOCOL_V5);
    expect(unescapeProtocol(escapeProtocol('a%2Fb/c'))).toBe('a%2Fb/c');
  });
});
