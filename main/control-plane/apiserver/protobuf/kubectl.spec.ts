// Ground truth from the real kubectl 1.32: the protobuf bodies it POSTs for `create ...`
// must decode to exactly the object it prints for the same command with
// `--dry-run=client -o json` (both are Go's view of the same typed object).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './index.js';
import { startKubectlStub } from './kubectl-stub.fixture.js';
import type { KubectlStub } from './kubectl-stub.fixture.js';
import { envelope, ProtoWriter } from './proto-writer.fixture.js';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

const COMMANDS: { name: string; args: string[]; path: string }[] = [
  { name: 'namespace', args: ['create', 'namespace', 'development'], path: '/api/v1/namespaces' },
  {
    name: 'deployment',
    args: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80'],
    path: '/apis/apps/v1/namespaces/default/deployments',
  },
  { name: 'configmap', args: ['create', 'configmap', 'c1', '--from-literal=a=b', '--from-literal=c=d'], path: '/api/v1/namespaces/default/configmaps' },
  { name: 'secret', args: ['create', 'secret', 'generic', 's1', '--from-literal=password=s3cr3t'], path: '/api/v1/namespaces/default/secrets' },
  {
    name: 'nodeport service',
    args: ['create', 'service', 'nodeport', 's2', '--tcp=80:8080', '--node-port=30080'],
    path: '/api/v1/namespaces/default/services',
  },
  { name: 'serviceaccount', args: ['create', 'serviceaccount', 'sa1'], path: '/api/v1/namespaces/default/serviceaccounts' },
  {
    name: 'poddisruptionbudget',
    args: ['create', 'pdb', 'pdb1', '--selector=app=web', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
  },
];

describe('protobuf bodies sent by kubectl 1.32', () => {
  let stub: KubectlStub;
  const homes: string[] = [];

  beforeAll(async () => {
    // a missing kubectl fails the suite loudly, never skips it
    if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} (v1.32) is required: apt-get install -y kubectl`);
    stub = await startKubectlStub();
  });
  afterAll(async () => {
    await stub.close();
    await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
  });

  /** Each call gets a fresh HOME, so kubectl's discovery cache starts empty. */
  async function kubectl(...args: string[]): Promise<string> {
    const home = await mkdtemp(join(tmpdir(), 'k8s-lab-protobuf-'));
    homes.push(home);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
    const { stdout } = await run(KUBECTL, ['--server', stub.url, ...args], { env, cwd: home, timeout: 15_000 });
    return stdout;
  }

  it('is kubectl 1.32', async () => {
    const out = await kubectl('version', '--client', '-o', 'json');
    expect((JSON.parse(out) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion).toMatch(/^v1\.32\./);
  });

  for (const cmd of COMMANDS) {
    it(`kubectl ${cmd.args.join(' ')}`, async () => {
      const before = stub.captured.length;
      const created = await kubectl(...cmd.args);
      // kubectl read back the JSON we answered with
      expect(created).toMatch(/ created\n$/);
      const posts = stub.captured.slice(before).filter((c) => c.method === 'POST');
      expect(posts).toHaveLength(1);
      const post = posts[0];
      if (!post) throw new Error('no POST captured');
      expect(post.url.split('?')[0]).toBe(cmd.path);
      expect(post.contentType).toBe(PROTOBUF_CONTENT_TYPE);

      const expected = JSON.parse(await kubectl(...cmd.args, '--dry-run=client', '-o', 'json')) as Record<string, unknown>;
      const decoded = decodeKubeProtobuf(post.body);
      expect(decoded.object).toEqual(expected);
      expect([decoded.apiVersion, decoded.kind]).toEqual([expected['apiVersion'], expected['kind']]);
      // same key order as Go's struct order for these objects (kind, apiVersion, metadata, ...)
      expect(Object.keys(decoded.object).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata']);
    });
  }

  it('kubectl drain posts its policy/v1 Eviction as JSON, equal to the decoded protobuf form', async () => {
    const before = stub.captured.length;
    const out = await kubectl('drain', 'n1', '--grace-period=5');
    expect(out).toContain('node/n1 drained');
    const eviction = stub.captured.slice(before).find((c) => c.url.startsWith('/api/v1/namespaces/default/pods/p1/eviction'));
    if (!eviction) throw new Error('no eviction captured');
    // drain's clientset does not ask for protobuf; the decoder still covers the kind for other clients
    expect(eviction.contentType).toBe('application/json');
    const raw = new ProtoWriter()
      .message(1, (m) => {
        m.string(1, 'p1').string(2, '').string(3, 'default').string(4, '').string(5, '').string(6, '').int(7, 0);
        m.message(8, () => undefined);
      })
      .message(2, (d) => d.int(1, 5))
      .finish();
    expect(decodeKubeProtobuf(envelope('policy/v1', 'Eviction', raw)).object).toEqual(JSON.parse(eviction.body.toString('utf8')));
  });
});
