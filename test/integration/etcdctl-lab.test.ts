// The seeds' etcd commands with Debian's etcdctl 3.4 against the lab's etcd facade,
// with the kubeadm-style certificates: the keys kubectl's objects are stored under
// show up as /registry/... like on a kubeadm cluster.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from './support/lab.js';
import { removeDir, startLab } from './support/lab.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});

afterAll(async () => {
  await lab.stop();
  removeDir(lab.dataDir);
});

describe('etcdctl against the lab', () => {
  it('lays out kubernetes objects under /registry', () => {
    expect(lab.kubectl(['run', 'nginx', '--image', 'nginx']).code).toBe(0);
    expect(lab.kubectl(['create', 'deployment', 'web', '--image=nginx']).code).toBe(0);
    const r = lab.etcdctl(['get', '/', '--prefix', '--keys-only']);
    expect(r.code).toBe(0);
    const keys = r.stdout.split('\n').filter((l) => l.trim() !== '');
    for (const k of [
      '/registry/pods/default/nginx',
      '/registry/deployments/default/web',
      '/registry/namespaces/default',
      '/registry/namespaces/kube-system',
      '/registry/services/specs/default/kubernetes',
    ]) {
      expect(keys).toContain(k);
    }
    const limited = lab.etcdctl(['get', '/', '--prefix', '--keys-only', '--limit=3']);
    expect(limited.stdout.split('\n').filter((l) => l.trim() !== '')).toHaveLength(3);
  });

  it('values are the objects as JSON', () => {
    const r = lab.etcdctl(['get', '/registry/pods/default/nginx', '--print-value-only']);
    expect(r.code).toBe(0);
    const pod = JSON.parse(r.stdout) as { kind: string; metadata: { name: string }; spec: { containers: { image: string }[] } };
    expect(pod.kind).toBe('Pod');
    expect(pod.metadata.name).toBe('nginx');
    expect(pod.spec.containers[0]?.image).toBe('nginx');
  });

  it('put, get, get -w json, del', () => {
    expect(lab.etcdctl(['put', 'key1', 'value1']).stdout.trim()).toBe('OK');
    expect(lab.etcdctl(['get', 'key1']).stdout.trim().split('\n')).toEqual(['key1', 'value1']);
    const j = JSON.parse(lab.etcdctl(['get', 'key1', '-w', 'json']).stdout) as { kvs: { key: string; value: string; version: number }[]; header: { revision: number } };
    expect(Buffer.from(j.kvs[0]?.key ?? '', 'base64').toString()).toBe('key1');
    expect(Buffer.from(j.kvs[0]?.value ?? '', 'base64').toString()).toBe('value1');
    expect(j.header.revision).toBeGreaterThan(1);
    expect(lab.etcdctl(['del', 'key1']).stdout.trim()).toBe('1');
    expect(lab.etcdctl(['get', 'key1']).stdout.trim()).toBe('');
  });

  it('a write through kubectl is seen by etcdctl and a write through etcdctl by kubectl', () => {
    expect(lab.kubectl(['label', 'pod', 'nginx', 'seen=yes']).code).toBe(0);
    const pod = JSON.parse(lab.etcdctl(['get', '/registry/pods/default/nginx', '--print-value-only']).stdout) as { metadata: { labels: Record<string, string> } };
    expect(pod.metadata.labels.seen).toBe('yes');
  });

  it('endpoint health, endpoint status, member list, version, snapshot save', () => {
    const health = lab.etcdctl(['endpoint', 'health']);
    expect(health.code).toBe(0);
    expect(health.stdout + health.stderr).toMatch(/is healthy: successfully committed proposal/);
    const status = lab.etcdctl(['endpoint', 'status', '-w', 'table']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('ENDPOINT');
    expect(status.stdout).toContain(lab.etcdEndpoint.replace('https://', ''));
    const members = lab.etcdctl(['member', 'list']);
    expect(members.code).toBe(0);
    expect(members.stdout).toMatch(/started/);
    const version = lab.etcdctl(['version']);
    expect(version.stdout).toMatch(/etcdctl version: 3\.4/);
    const file = join(lab.dataDir, 'snap.db');
    const snap = lab.etcdctl(['snapshot', 'save', file]);
    expect(snap.code).toBe(0);
    expect(existsSync(file) && statSync(file).size > 0).toBe(true);
  });
});
