// Every client method maps to an RPC of api.proto: against a socket nobody listens
// on, each call must fail with UNAVAILABLE (a missing method would be INTERNAL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CriCode, CriError, connectCri } from './cri-client.js';
import type { CriClient } from './cri-client.js';

const METHODS = [
  'version', 'runPodSandbox', 'stopPodSandbox', 'removePodSandbox', 'podSandboxStatus', 'listPodSandbox',
  'createContainer', 'startContainer', 'stopContainer', 'removeContainer', 'listContainers', 'containerStatus',
  'updateContainerResources', 'reopenContainerLog', 'execSync', 'exec', 'attach', 'portForward', 'containerStats',
  'listContainerStats', 'podSandboxStats', 'listPodSandboxStats', 'updateRuntimeConfig', 'status', 'listImages',
  'imageStatus', 'pullImage', 'removeImage', 'imageFsInfo',
] as const;

const dir = mkdtempSync(join(tmpdir(), 'cri-spec-'));
const client: CriClient = connectCri(join(dir, 'nobody.sock'), { timeoutMs: 5_000 });

afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CriClient', () => {
  it.each(METHODS)('%s is an RPC of runtime.v1 and fails with a CriError when nothing listens', async (name) => {
    const call = (client[name] as (req: object) => Promise<unknown>).bind(client);
    const error = await call({}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CriError);
    expect((error as CriError).code).toBe(CriCode.UNAVAILABLE);
    expect((error as CriError).codeName).toBe('UNAVAILABLE');
  });

  it('names the RPC and the gRPC status in the message', async () => {
    const error = await client.version({}).then(() => undefined, (e: unknown) => e);
    expect((error as CriError).message).toMatch(/^CRI Version: .* \(UNAVAILABLE\)$/);
  });
});
