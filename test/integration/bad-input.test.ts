// Bad input gets the status and message kube-apiserver gives, and changes nothing:
// the store's revision is the same before and after every bad request.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from './support/lab.js';
import { removeDir, ROOT, startLab } from './support/lab.js';
import type { RawClient } from './support/raw-client.js';
import { rawClient } from './support/raw-client.js';
import { requireTool } from './support/tools.js';

let lab: Lab;
let api: RawClient;
let revisionBefore = '';

/** every object the bad requests aim at, with its resourceVersion: refused requests must not change it */
async function revision(): Promise<string> {
  const out: string[] = [];
  for (const path of ['/api/v1/namespaces/default/configmaps', '/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/services', '/apis/apps/v1/namespaces/default/deployments']) {
    const r = await api.send('GET', path);
    for (const i of r.json<{ items: { metadata: { name: string; resourceVersion: string } }[] }>().items) out.push(`${path} ${i.metadata.name} ${i.metadata.resourceVersion}`);
  }
  return out.sort().join('\n');
}

interface StatusBody {
  kind: string;
  status: string;
  reason: string;
  message: string;
  code: number;
  details?: { causes?: { reason: string; field: string; message: string }[] };
}

beforeAll(async () => {
  lab = await startLab();
  api = await rawClient(lab.kubeconfig);
  const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } }));
  expect(r.status).toBe(201);
  revisionBefore = await revision();
});

afterAll(async () => {
  try {
    // nothing that was refused changed the store
    expect(await revision()).toBe(revisionBefore);
    const kept = await api.send('GET', '/api/v1/namespaces/default/configmaps/keep');
    expect(kept.json<{ data: Record<string, string> }>().data).toEqual({ a: '1' });
  } finally {
    await lab.stop();
    removeDir(lab.dataDir);
  }
});

describe('bad input', () => {
  it('malformed JSON is a 400 BadRequest', async () => {
    const r = await api.send('POST', '/api/v1/namespaces/default/pods', '{"apiVersion": "v1", "kind": "Pod", "metadata": {');
    expect(r.status).toBe(400);
    const s = r.json<StatusBody>();
    expect(s).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('malformed YAML is refused by kubectl before it reaches the server, and by the server when sent', async () => {
    const file = join(lab.dataDir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: {\n');
    const r = lab.kubectl(['create', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error converting YAML to JSON|yaml: line \d+/);
    const raw = await api.send('POST', '/api/v1/namespaces/default/pods', 'kind: Pod\nmetadata: [\n', { 'Content-Type': 'application/yaml' });
    expect(raw.status).toBe(400);
  });

  it('an unknown kind or version is not found', async () => {
    const file = join(lab.dataDir, 'unknown.yaml');
    writeFileSync(file, 'apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: x\n');
    const r = lab.kubectl(['create', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no matches for kind "Deployment" in version "apps/v2"');
    const raw = await api.send('GET', '/apis/apps/v2/namespaces/default/deployments');
    expect(raw.status).toBe(404);
    expect(raw.json<StatusBody>()).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
    const kind = await api.send('POST', '/api/v1/namespaces/default/pods', JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }));
    expect(kind.status).toBe(400);
  });

  it('an invalid name gets the RFC 1123 message with the field cause', async () => {
    const r = lab.kubectl(['run', 'Bad_Name', '--image=nginx']);
    expect(r.code).toBe(1);
    // kubectl lists each cause on its own line, as against a real cluster (the container is named after the pod)
    expect(r.stderr).toContain('The Pod "Bad_Name" is invalid: \n* metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
    expect(r.stderr).toContain('* spec.containers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of');
    const raw = await api.send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'UPPER' } }));
    expect(raw.status).toBe(422);
    const s = raw.json<StatusBody>();
    expect(s.reason).toBe('Invalid');
    expect(s.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
  });

  it('missing required fields are listed', async () => {
    const raw = await api.send('POST', '/api/v1/namespaces/default/pods', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'empty' }, spec: {} }));
    expect(raw.status).toBe(422);
    const s = raw.json<StatusBody>();
    expect(s.message).toContain('spec.containers: Required value');
    const noImage = await api.send('POST', '/api/v1/namespaces/default/pods', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'noimage' }, spec: { containers: [{ name: 'c' }] } }));
    expect(noImage.status).toBe(422);
    expect(noImage.json<StatusBody>().message).toContain('spec.containers[0].image: Required value');
  });

  it("an unknown field is refused with kubectl's default strict validation, and dropped otherwise", async () => {
    const file = join(lab.dataDir, 'typo.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  contianers:\n  - name: c\n    image: nginx\n');
    const r = lab.kubectl(['create', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.contianers"');
    const warn = await api.send('POST', '/api/v1/namespaces/default/configmaps?dryRun=All&fieldValidation=Warn', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, dataa: {} }));
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"dataa\\""');
    expect(warn.json<Record<string, unknown>>().dataa).toBeUndefined();
  });

  it('a 4 MiB body is 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'y'.repeat(4 * 1024 * 1024) } });
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', big);
    expect(r.status).toBe(413);
    expect(r.json<StatusBody>()).toMatchObject({ reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
  });

  it('a wrong content type is 415', async () => {
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', '<ConfigMap/>', { 'Content-Type': 'application/xml' });
    expect(r.status).toBe(415);
    expect(r.json<StatusBody>().reason).toBe('UnsupportedMediaType');
    const patch = await api.send('PATCH', '/api/v1/namespaces/default/configmaps/keep', '{}', { 'Content-Type': 'text/plain' });
    expect(patch.status).toBe(415);
  });

  it('a stale resourceVersion is a 409 Conflict', async () => {
    const cur = (await api.send('GET', '/api/v1/namespaces/default/configmaps/keep')).json<{ metadata: { resourceVersion: string } }>();
    const stale = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', resourceVersion: String(Number(cur.metadata.resourceVersion) - 1) }, data: { a: '2' } };
    const r = await api.send('PUT', '/api/v1/namespaces/default/configmaps/keep', JSON.stringify(stale));
    expect(r.status).toBe(409);
    expect(r.json<StatusBody>()).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "keep": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('no client certificate is 401; health stays open', async () => {
    const r = await api.send('GET', '/api/v1/namespaces', undefined, {}, null);
    expect(r.status).toBe(401);
    expect(r.json<StatusBody>()).toMatchObject({ reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
    const h = await api.send('GET', '/readyz', undefined, {}, null);
    expect(h.status).toBe(200);
    expect(h.text).toBe('ok');
  });

  it('a certificate from another CA is 401', async () => {
    requireTool('openssl');
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lab-foreign-'));
    try {
      const key = join(dir, 'k.pem');
      const crt = join(dir, 'c.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=kubernetes-admin/O=system:masters'], { stdio: 'ignore' });
      const r = await api.send('GET', '/api/v1/namespaces', undefined, {}, { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') });
      expect(r.status).toBe(401);
    } finally {
      removeDir(dir);
    }
  });

  it('bad flags to k8s-lab get a clear error', () => {
    const r = spawnCli(['up', '--nodes', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid value "many" for --nodes');
    const u = spawnCli(['up', '--bogus']);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("Unknown option '--bogus'");
  });
});

function spawnCli(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
