// The serviceaccount controller on a real API server: `default` in every namespace,
// recreated when deleted, as `kubectl get sa` shows on a real cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import { kubectl, tryGet, waitFor } from './kwok.fixture.js';
import { ServiceAccountController, serviceAccountControllerConfig } from './serviceaccount-controller.js';

let h: ApiHarness;
let controller: ServiceAccountController;
const sa = (namespace: string): { group: string; version: string; resource: string; namespace: string } => ({ group: '', version: 'v1', resource: 'serviceaccounts', namespace });

beforeAll(async () => {
  h = await startApiHarness();
  controller = new ServiceAccountController(h.admin);
  controller.start();
});

afterAll(async () => {
  controller.stop();
  await h.stop();
});

describe('serviceaccount controller', () => {
  it('defaults to the one `default` account', () => {
    expect(serviceAccountControllerConfig().serviceAccounts).toEqual(['default']);
  });

  it('gives the system namespaces and every new namespace a default ServiceAccount, and brings it back', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await waitFor(`default SA in ${ns}`, () => tryGet(h.admin, sa(ns), 'default'));
    await kubectl(h, 'create', 'namespace', 'team-a');
    const first = await waitFor('default SA in team-a', () => tryGet(h.admin, sa('team-a'), 'default'));
    expect(await kubectl(h, 'get', 'sa', '-n', 'team-a')).toMatch(/^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+/);
    await kubectl(h, 'delete', 'sa', 'default', '-n', 'team-a');
    const again = await waitFor('recreated', async () => {
      const s = await tryGet(h.admin, sa('team-a'), 'default');
      return s && s.metadata.uid !== first.metadata.uid && s;
    });
    expect(again.metadata.name).toBe('default');
  }, 60_000);
});
