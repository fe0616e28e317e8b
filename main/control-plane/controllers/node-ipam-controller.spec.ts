// The nodeipam controller on a real API server: each node gets its own /24 of the cluster
// CIDR, the lowest free first, and a freed range is given out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiHarness } from '../testing/api-harness.js';
import { startApiHarness } from '../testing/api-harness.js';
import { tryGet, waitFor } from './kwok.fixture.js';
import { NodeIpamController } from './node-ipam-controller.js';

let h: ApiHarness;
let controller: NodeIpamController;
const NODES = { group: '', version: 'v1', resource: 'nodes' };
type NodeWithSpec = KubeObject & { spec?: { podCIDR?: string; podCIDRs?: string[] } };
const podCidrOf = async (name: string): Promise<string | undefined> => {
  const node: NodeWithSpec | undefined = await tryGet(h.admin, NODES, name);
  return node?.spec?.podCIDR;
};

beforeAll(async () => {
  h = await startApiHarness();
  controller = new NodeIpamController(h.admin, { clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24 });
  controller.start();
});

afterAll(async () => {
  controller.stop();
  await h.stop();
});

describe('nodeipam controller', () => {
  it('allocates distinct /24s in order and reuses a freed one', async () => {
    for (const name of ['n1', 'n2', 'n3']) {
      await h.admin.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
      await waitFor(`podCIDR of ${name}`, () => podCidrOf(name));
    }
    expect([await podCidrOf('n1'), await podCidrOf('n2'), await podCidrOf('n3')]).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    await h.admin.delete(NODES, 'n2');
    await waitFor('n2 gone', async () => !(await tryGet(h.admin, NODES, 'n2')));
    await h.admin.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n4' } });
    expect(await waitFor('podCIDR of n4', () => podCidrOf('n4'))).toBe('10.244.1.0/24');
    const n4 = await h.admin.get<NodeWithSpec>(NODES, 'n4');
    expect(n4.spec?.podCIDRs).toEqual(['10.244.1.0/24']);
  }, 30_000);

  it('keeps a podCIDR the node already has', async () => {
    await h.admin.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'fixed' }, spec: { podCIDR: '10.244.9.0/24', podCIDRs: ['10.244.9.0/24'] } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await podCidrOf('fixed')).toBe('10.244.9.0/24');
  });

  it('rejects a mask that does not fit the cluster CIDR', () => {
    expect(() => new NodeIpamController(h.admin, { clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 12 })).toThrow(/does not fit --cluster-cidr/);
  });
});
