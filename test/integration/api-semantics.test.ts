// API semantics kubectl and controllers rely on, checked on the wire: paging with
// limit/continue, watch from a resourceVersion, 410 Gone after compaction, field
// selectors, deletecollection, finalizers and graceful pod deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from './support/lab.js';
import { removeDir, startLab } from './support/lab.js';
import type { RawClient } from './support/raw-client.js';
import { rawClient } from './support/raw-client.js';

let lab: Lab;
let api: RawClient;

interface List {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; resourceVersion: string; deletionTimestamp?: string; finalizers?: string[] } }[];
}

const CM = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  lab = await startLab();
  api = await rawClient(lab.kubeconfig);
  for (let i = 0; i < 7; i++) {
    const r = await api.send('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, labels: { set: i % 2 ? 'odd' : 'even' } } }));
    expect(r.status).toBe(201);
  }
});

afterAll(async () => {
  await lab.stop();
  removeDir(lab.dataDir);
});

describe('API semantics', () => {
  it('pages with limit and continue at one consistent revision', async () => {
    const first = (await api.send('GET', `${CM}?limit=3`)).json<List>();
    expect(first.items.map((i) => i.metadata.name)).toEqual(['page-0', 'page-1', 'page-2']);
    expect(first.metadata.remainingItemCount).toBe(4);
    expect(first.metadata.continue).toBeTruthy();
    // a write between pages does not show up in the paged list
    await api.send('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'page-9' } }));
    const second = (await api.send('GET', `${CM}?limit=10&continue=${encodeURIComponent(first.metadata.continue ?? '')}`)).json<List>();
    expect(second.items.map((i) => i.metadata.name)).toEqual(['page-3', 'page-4', 'page-5', 'page-6']);
    expect(second.metadata.continue).toBeUndefined();
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const chunked = lab.kubectl(['get', 'configmaps', '--chunk-size=2', '-o', 'name']);
    expect(chunked.stdout.trim().split('\n').filter((n) => n.startsWith('configmap/page-'))).toHaveLength(8);
    const bad = await api.send('GET', `${CM}?limit=2&continue=garbage`);
    expect(bad.status).toBe(400);
  });

  it('filters by label and field selectors', async () => {
    const odd = (await api.send('GET', `${CM}?labelSelector=set%3Dodd`)).json<List>();
    expect(odd.items.map((i) => i.metadata.name)).toEqual(['page-1', 'page-3', 'page-5']);
    const one = (await api.send('GET', `${CM}?fieldSelector=metadata.name%3Dpage-4`)).json<List>();
    expect(one.items.map((i) => i.metadata.name)).toEqual(['page-4']);
    const unknown = await api.send('GET', `${CM}?fieldSelector=spec.nope%3D1`);
    expect(unknown.status).toBe(400);
  });

  it('watches from a resourceVersion and answers 410 Expired once it is compacted', async () => {
    const list = (await api.send('GET', CM)).json<List>();
    const oldRv = list.metadata.resourceVersion;
    await api.send('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-list' } }));
    const watched = await api.send('GET', `${CM}?watch=true&resourceVersion=${oldRv}&timeoutSeconds=1`);
    const events = watched.text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED after-list']);
    // compact the store past that revision, as kube-apiserver does every 5 minutes
    await api.send('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-list-2' } }));
    const status = JSON.parse(lab.etcdctl(['endpoint', 'status', '-w', 'json']).stdout) as { Status: { header: { revision: number } } }[];
    const rev = status[0]?.Status.header.revision ?? 0;
    expect(lab.etcdctl(['compact', String(rev)]).code).toBe(0);
    const gone = await api.send('GET', `${CM}?watch=true&resourceVersion=${oldRv}&timeoutSeconds=1`);
    const ev = JSON.parse(gone.text.trim().split('\n')[0] ?? '{}') as { type: string; object: { code: number; reason: string; message: string } };
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ code: 410, reason: 'Expired' });
    expect(ev.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    const exact = await api.send('GET', `${CM}?resourceVersion=${oldRv}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(410);
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    await api.send('POST', CM, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const del = await api.send('DELETE', `${CM}/held`);
    expect([200, 202]).toContain(del.status);
    const held = (await api.send('GET', `${CM}/held`)).json<List['items'][number]>();
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    const patch = await api.send('PATCH', `${CM}/held`, JSON.stringify({ metadata: { finalizers: null } }), { 'Content-Type': 'application/merge-patch+json' });
    expect(patch.status).toBe(200);
    expect((await api.send('GET', `${CM}/held`)).status).toBe(404);
  });

  it('deletes a bound pod gracefully and an unbound one at once', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    const pod = (name: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await api.send('POST', pods, pod('loose'));
    await api.send('POST', pods, pod('bound'));
    const bind = await api.send('POST', `${pods}/bound/binding`, JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'node-1' } }));
    expect(bind.status).toBe(201);
    const twice = await api.send('POST', `${pods}/bound/binding`, JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'node-2' } }));
    expect(twice.status).toBe(409);
    expect((await api.send('DELETE', `${pods}/loose`)).status).toBe(200);
    expect((await api.send('GET', `${pods}/loose`)).status).toBe(404);
    await api.send('DELETE', `${pods}/bound`);
    const terminating = (await api.send('GET', `${pods}/bound`)).json<{ metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } }>();
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    const row = lab.kubectl(['get', 'pod', 'bound', '--no-headers']).stdout;
    expect(row).toMatch(/^bound\s+0\/1\s+Terminating\s+0/);
    // the kubelet's final delete has grace 0
    expect((await api.send('DELETE', `${pods}/bound`, JSON.stringify({ gracePeriodSeconds: 0 }))).status).toBe(200);
    expect((await api.send('GET', `${pods}/bound`)).status).toBe(404);
  });

  it('deletecollection removes what the selector matches', async () => {
    const r = await api.send('DELETE', `${CM}?labelSelector=set%3Deven`);
    expect(r.status).toBe(200);
    const left = (await api.send('GET', `${CM}?labelSelector=set`)).json<List>();
    expect(left.items.map((i) => i.metadata.name)).toEqual(['page-1', 'page-3', 'page-5']);
  });
});
