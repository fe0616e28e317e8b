// kill -9 of the control plane in the middle of a burst of creates from 20 concurrent
// clients: after a restart every create that was answered 201 is there with the same
// resourceVersion, and revisions never go backwards. Twenty rounds on one data dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiClientError } from '../../main/common/client/api-client.js';
import { readKubeconfig } from '../../main/control-plane/pki/index.js';
import type { KubeObject } from '../../main/common/kube-types.js';
import { removeDir, startLab } from './support/lab.js';

const ROUNDS = 20;
const CREATES = 1000;
const CLIENTS = 20;
const CM = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const dataDir = mkdtempSync(join(tmpdir(), 'k8s-lab-crash-'));

afterAll(() => removeDir(dataDir));

async function clientFor(kubeconfig: string): Promise<ApiClient> {
  const kc = await readKubeconfig(kubeconfig);
  return new ApiClient({ server: kc.server, caPem: kc.caPem, certPem: kc.certPem, keyPem: kc.keyPem });
}

describe('crash safety', () => {
  it(`loses no acknowledged create across ${ROUNDS} kill -9 restarts`, async () => {
    const acked = new Map<string, string>();
    let highest = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lab = await startLab({ dataDir });
      const client = await clientFor(lab.kubeconfig);
      // every acknowledged write so far must be there, unchanged
      const list = await client.list(CM);
      const present = new Map(list.items.map((i) => [i.metadata.name ?? '', i.metadata.resourceVersion ?? '']));
      for (const [name, rv] of acked) expect(present.get(name), `${name} lost after round ${round}`).toBe(rv);
      const listRv = Number(list.metadata.resourceVersion);
      expect(listRv, 'revision went backwards').toBeGreaterThanOrEqual(highest);
      highest = listRv;

      const killAfter = 50 + Math.floor(Math.random() * (CREATES - 100));
      let next = 0;
      let done = 0;
      let killed = false;
      const worker = async (): Promise<void> => {
        while (next < CREATES && !killed) {
          const name = `cm-${round}-${next++}`;
          const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { round: String(round), pad: 'x'.repeat(256) } };
          try {
            const created = await client.create(CM, obj);
            acked.set(name, created.metadata.resourceVersion ?? '');
            highest = Math.max(highest, Number(created.metadata.resourceVersion));
            if (++done === killAfter) {
              killed = true;
              await lab.kill9();
            }
          } catch (e) {
            if (e instanceof ApiClientError) throw e; // a refusal is a bug; a dropped connection is the crash
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, worker));
      client.close();
      if (!killed) await lab.kill9();
    }
    const lab = await startLab({ dataDir });
    const client = await clientFor(lab.kubeconfig);
    const list = await client.list(CM);
    expect(list.items.length).toBeGreaterThanOrEqual(acked.size);
    const present = new Map(list.items.map((i) => [i.metadata.name ?? '', i.metadata.resourceVersion ?? '']));
    for (const [name, rv] of acked) expect(present.get(name), `${name} lost at the end`).toBe(rv);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(highest);
    const after = await client.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-crashes' } });
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(highest);
    client.close();
    await lab.stop();
  });
});
