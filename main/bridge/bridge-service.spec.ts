// Handler input validation: whatever the renderer sends, a bad request is a Status
// (400 for an unknown channel, 422 with one cause per field) and never reaches the API.
// The client points at a closed port: a call that got past validation would fail with
// a connection error (500), not the 4xx these tests expect.
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeReply } from '../common/bridge/contract.js';
import { ApiClient } from '../common/client/api-client.js';
import type { Status } from '../common/kube-types.js';
import { BridgeService } from './bridge-service.js';
import { parseFrame } from './ui-server.js';

const unreachable = new ApiClient({ server: 'https://127.0.0.1:9', caPem: '', certPem: '', keyPem: '' });
let service: BridgeService | undefined;

function session(): ReturnType<BridgeService['openSession']> {
  service = new BridgeService({ admin: unreachable, apiServerUrl: 'https://127.0.0.1:9' });
  return service.openSession(() => undefined);
}

function failure(reply: BridgeReply): Status {
  if (reply.ok) throw new Error(`expected a failure, got ${JSON.stringify(reply.result)}`);
  return reply.error;
}

afterEach(() => service?.stop());

describe('bridge handlers reject bad input with a Kubernetes Status', () => {
  it('unknown channels are 400 BadRequest', async () => {
    for (const channel of ['pods:list', 'resources:patch', '', 42, null, '__proto__', 'constructor']) {
      const s = failure(await session().handle(channel, {}));
      expect(s).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' });
      expect(s.message).toContain('unknown bridge channel');
    }
  });

  it('an unknown kind is 422 with a FieldValueNotSupported cause naming the field', async () => {
    const s = failure(await session().handle('resources:list', { kind: 'statefulsets' }));
    expect(s).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(s.details?.causes).toEqual([{ field: 'kind', reason: 'FieldValueNotSupported', message: expect.stringContaining('supported values: "namespaces", "pods"') as unknown }]);
  });

  it('missing, malformed and unexpected fields each get a cause', async () => {
    const s = failure(await session().handle('resources:delete', { kind: 'pods', name: 'Bad_Name', extra: 1 }));
    expect(s.code).toBe(422);
    expect(s.details?.causes?.map((c) => [c.field, c.reason])).toEqual([
      ['extra', 'FieldValueNotSupported'],
      ['namespace', 'FieldValueRequired'],
      ['name', 'FieldValueInvalid'],
    ]);
  });

  it('a namespace on a cluster-scoped kind is forbidden', async () => {
    const s = failure(await session().handle('resources:get', { kind: 'nodes', namespace: 'default', name: 'node-1' }));
    expect(s.details?.causes).toEqual([expect.objectContaining({ field: 'namespace', reason: 'FieldValueForbidden' })]);
  });

  it('params must be an object; cluster:info takes none', async () => {
    expect(failure(await session().handle('resources:watch', 'pods')).code).toBe(422);
    expect(failure(await session().handle('resources:list', ['pods'])).code).toBe(422);
    expect(failure(await session().handle('cluster:info', { verbose: true })).details?.causes?.[0]?.field).toBe('verbose');
  });

  it('watch ids and node actions are checked', async () => {
    expect(failure(await session().handle('resources:unwatch', { watchId: '../w1' })).code).toBe(422);
    expect(failure(await session().handle('resources:unwatch', {})).details?.causes?.[0]?.reason).toBe('FieldValueRequired');
    const s = failure(await session().handle('nodes:action', { name: 'node-1', action: 'reboot' }));
    expect(s.details?.causes?.[0]).toMatchObject({ field: 'action', reason: 'FieldValueNotSupported' });
  });

  it('a valid node action on a lab without nodes is a clear 400', async () => {
    const s = failure(await session().handle('nodes:action', { name: 'node-1', action: 'stop' }));
    expect(s).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(s.message).toMatch(/no node provider.*--nodes N --provider host\|qemu/);
  });

  it('valid input reaches the API (here: unreachable, so 500, not a validation error)', async () => {
    const s = failure(await session().handle('resources:list', { kind: 'pods', namespace: 'default' }));
    expect(s).toMatchObject({ code: 500, reason: 'InternalError' });
  });

  it('unwatching an unknown watch is not an error', async () => {
    expect(await session().handle('resources:unwatch', { watchId: 'w7' })).toEqual({ ok: true, result: { stopped: false } });
  });
});

describe('WebSocket frames', () => {
  it('accepts request frames only', () => {
    expect(parseFrame('{"type":"request","id":1,"channel":"cluster:info","params":{}}')).toEqual({ type: 'request', id: 1, channel: 'cluster:info', params: {} });
    for (const bad of [undefined, 'not json', 'null', '[]', '{"type":"event","id":1,"channel":"x"}', '{"type":"request","id":1.5,"channel":"x"}', '{"type":"request","id":1}']) {
      expect(parseFrame(bad)).toBeUndefined();
    }
  });
});
