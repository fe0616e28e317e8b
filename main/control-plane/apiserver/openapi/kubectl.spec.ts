// Drives the real kubectl 1.32 against a throwaway discovery + OpenAPI server: the
// documents are only right if kubectl's own templates and validators accept them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_RESOURCES, startStubServer } from './openapi.fixture.js';
import type { StubServer } from './openapi.fixture.js';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

describe('kubectl 1.32 against the served OpenAPI', () => {
  let server: StubServer;
  const homes: string[] = [];

  beforeAll(async () => {
    // a missing kubectl fails the suite loudly, never skips it
    if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} (v1.32) is required: apt-get install -y kubectl`);
    server = await startStubServer(LAB_RESOURCES);
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
  });

  /** Each call gets a fresh HOME, so kubectl's discovery and HTTP caches start empty. */
  async function kubectl(...args: string[]): Promise<{ out: string; code: number }> {
    const home = await mkdtemp(join(tmpdir(), 'k8s-lab-openapi-'));
    homes.push(home);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
    try {
      const { stdout, stderr } = await run(KUBECTL, ['--server', server.url, ...args], { env, cwd: home, timeout: 15_000 });
      return { out: stdout + stderr, code: 0 };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; code?: number };
      return { out: (e.stdout ?? '') + (e.stderr ?? ''), code: e.code ?? 1 };
    }
  }

  const paths = () => server.requests.map((r) => `${r.method} ${r.url.replace(/([?&])timeout=\d+s&?/, '$1').replace(/[?&]$/, '').replace(/hash=[0-9A-F]+/, 'hash=<sha512>')}`);

  it('explains pod.spec.containers with descriptions and field types', async () => {
    server.requests.length = 0;
    const { out, code } = await kubectl('explain', 'pod.spec.containers');
    expect(code, out).toBe(0);
    expect(out).toContain('KIND:       Pod');
    expect(out).toContain('VERSION:    v1');
    expect(out).toContain('FIELD: containers <[]Container>');
    expect(out).toContain('List of containers belonging to the pod.');
    expect(out).toContain('A single application container that you want to run within a pod.');
    expect(out).toMatch(/\n {2}image\t<string>\n/);
    expect(out).toMatch(/\n {2}name\t<string> -required-\n/);
    expect(out).toMatch(/\n {2}ports\t<\[\]ContainerPort>\n/);
    expect(out).toMatch(/\n {2}resources\t<ResourceRequirements>\n/);
    expect(out).toMatch(/\n {2}imagePullPolicy\t<string>\n {2}enum: Always, IfNotPresent, Never\n/);
    // What kubectl asked for (the real API server must answer the same requests).
    const seen = paths();
    expect(seen.slice(0, 3)).toEqual(['GET /version', 'GET /api', 'GET /apis']);
    // per-group-version discovery runs in parallel, so its order varies
    expect(seen.slice(3, -2).sort()).toEqual([
      'GET /api/v1', 'GET /apis/apps/v1', 'GET /apis/coordination.k8s.io/v1', 'GET /apis/discovery.k8s.io/v1', 'GET /apis/events.k8s.io/v1',
    ]);
    expect(seen.slice(-2)).toEqual(['GET /openapi/v3', 'GET /openapi/v3/api/v1?hash=<sha512>']);
  });

  it('explains deployment.spec.strategy and its IntOrString fields', async () => {
    const { out, code } = await kubectl('explain', 'deployment.spec.strategy');
    expect(code, out).toBe(0);
    expect(out).toContain('GROUP:      apps');
    expect(out).toContain('KIND:       Deployment');
    expect(out).toContain('FIELD: strategy <DeploymentStrategy>');
    expect(out).toContain('The deployment strategy to use to replace existing pods with new ones.');
    expect(out).toMatch(/\n {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
    expect(out).toMatch(/\n {2}type\t<string>\n {2}enum: Recreate, RollingUpdate\n/);
    const rolling = await kubectl('explain', 'deployment.spec.strategy.rollingUpdate');
    expect(rolling.out).toMatch(/\n {2}maxSurge\t<IntOrString>\n/);
    expect(rolling.out).toMatch(/\n {2}maxUnavailable\t<IntOrString>\n/);
    const limits = await kubectl('explain', 'pod.spec.containers.resources.limits');
    expect(limits.out).toContain('FIELD: limits <map[string]Quantity>');
  });

  it('serves kubectl\'s protobuf v2 client (explain --output plaintext-openapiv2)', async () => {
    const { out, code } = await kubectl('explain', 'deployment.spec.strategy', '--output', 'plaintext-openapiv2');
    expect(code, out).toBe(0);
    expect(out).toContain('RESOURCE: strategy <Object>');
    expect(out).toContain('DeploymentStrategy describes how to replace existing pods with new ones.');
  });

  it('lets create use server-side validation, and validates List items client-side', async () => {
    server.requests.length = 0;
    const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-manifests-'));
    homes.push(dir);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    await writeFile(join(dir, 'pod.json'), JSON.stringify(pod));
    const single = await kubectl('create', '-f', join(dir, 'pod.json'));
    expect(single.out).toContain('pod/p1 created');
    expect(paths()).toContain('POST /api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict');

    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd1', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'd1' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { cpu: 1, memory: '64Mi' } } }] } },
      },
    };
    await writeFile(join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment] }));
    const list = await kubectl('create', '-f', join(dir, 'list.json'));
    expect(list.out).toContain('deployment.apps/d1 created');
    expect(paths()).toContain('GET /openapi/v2');

    const bad = { ...pod, spec: { containers: [{ name: 'c', image: 'busybox', bogus: 1 }] } };
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [bad] }));
    const rejected = await kubectl('create', '-f', join(dir, 'bad.json'));
    expect(rejected.code).not.toBe(0);
    expect(rejected.out).toContain('unknown field "bogus" in io.k8s.api.core.v1.Container');
  });

  it('computes client-side apply patches from the v3 patch metadata', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8s-lab-manifests-'));
    homes.push(dir);
    const manifest = (image: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'a', image }, { name: 'b', image: 'busybox' }] },
    });
    await writeFile(join(dir, 'web.json'), JSON.stringify(manifest('nginx:1')));
    expect((await kubectl('apply', '-f', join(dir, 'web.json'))).out).toContain('pod/web created');
    server.requests.length = 0;
    await writeFile(join(dir, 'web.json'), JSON.stringify(manifest('nginx:2')));
    const applied = await kubectl('apply', '-f', join(dir, 'web.json'));
    expect(applied.out).toContain('pod/web configured');
    expect(applied.out).not.toContain('warning');
    expect(paths()).toContain('GET /openapi/v3/api/v1?hash=<sha512>');
    const patch = server.requests.find((r) => r.method === 'PATCH');
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    // merge-by-name on containers: only the changed container, addressed by its key
    const body = JSON.parse(patch?.body ?? '{}') as { spec?: Record<string, unknown> };
    expect(body.spec?.['$setElementOrder/containers']).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(body.spec?.['containers']).toEqual([{ image: 'nginx:2', name: 'a' }]);
  });
});
