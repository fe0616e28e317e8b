import { describe, expect, it } from 'vitest';
import type { ResourceDef } from '../resources/types.js';
import { BASE_DEFINITIONS, stubName } from './definitions.js';
import { createOpenApiService } from './handler.js';
import { LAB_RESOURCES } from './openapi.fixture.js';
import { groupVersionPath } from './paths.js';
import type { Json, JsonObject } from './render.js';
import { buildOpenApiV2 } from './v2.js';
import { buildOpenApiV3 } from './v3.js';

const asObj = (v: Json | undefined): JsonObject => {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return v;
};

/** Walk a JSON tree, calling visit on every object. */
function walk(node: Json, visit: (o: JsonObject) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node !== null && typeof node === 'object') {
    visit(node);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

function danglingRefs(doc: JsonObject, prefix: string, table: JsonObject): string[] {
  const missing: string[] = [];
  walk(doc, (o) => {
    const ref = o['$ref'];
    if (typeof ref !== 'string') return;
    if (!ref.startsWith(prefix) || !(ref.slice(prefix.length) in table)) missing.push(ref);
  });
  return missing;
}

const v2 = buildOpenApiV2(LAB_RESOURCES);
const v2Defs = asObj(v2['definitions']);
const gvPaths = [...new Set(LAB_RESOURCES.map((r) => groupVersionPath(r.group, r.version)))];
const v3Docs = Object.fromEntries(gvPaths.map((gv) => [gv, buildOpenApiV3(LAB_RESOURCES, gv)]));
const v3 = (gv: string): JsonObject => asObj(v3Docs[gv]);
const v3Schemas = (gv: string) => asObj(asObj(v3(gv)['components'])['schemas']);
/** follow `properties` through refs/allOf in a v3 document */
function v3Field(gv: string, def: string, ...path: string[]): JsonObject {
  let node = asObj(v3Schemas(gv)[def]);
  for (const key of path) {
    node = asObj(asObj(node['properties'])[key]);
    const target = node['$ref'] ?? asObj((node['allOf'] as Json[] | undefined)?.[0] ?? {})['$ref'];
    if (key !== path[path.length - 1] && typeof target === 'string') node = asObj(v3Schemas(gv)[target.replace('#/components/schemas/', '')]);
  }
  return node;
}

describe('OpenAPI definitions', () => {
  it('resolves every $ref in v2 and in every v3 group-version document', () => {
    expect(danglingRefs(v2, '#/definitions/', v2Defs)).toEqual([]);
    for (const gv of gvPaths) expect(danglingRefs(v3(gv), '#/components/schemas/', v3Schemas(gv))).toEqual([]);
  });

  it('has a schema with x-kubernetes-group-version-kind for every served kind, and no stubs', () => {
    for (const r of LAB_RESOURCES) {
      for (const kind of [r.kind, `${r.kind}List`]) {
        if (r.verbs.length === 1 && kind.endsWith('List')) continue; // bindings: create only
        const gvk = { group: r.group, kind, version: r.version };
        const match = Object.values(v2Defs).filter((d) => JSON.stringify(asObj(d)['x-kubernetes-group-version-kind'] ?? []) === JSON.stringify([gvk]));
        expect(match, `${r.group}/${kind}`).toHaveLength(1);
      }
    }
    expect(Object.keys(v2Defs).filter((n) => n.startsWith('io.k8s-lab.'))).toEqual([]);
  });

  it('publishes real definition names', () => {
    for (const name of ['io.k8s.api.core.v1.Pod', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.api.events.v1.Event', 'io.k8s.api.discovery.v1.EndpointSlice', 'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.policy.v1.Eviction']) {
      expect(v2Defs).toHaveProperty([name]);
    }
  });

  it('types Deployment.spec.strategy.rollingUpdate.maxSurge as int-or-string', () => {
    expect(asObj(v2Defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'])).toMatchObject({ type: 'string', format: 'int-or-string' });
    const maxSurge = v3Field('apis/apps/v1', 'io.k8s.api.apps.v1.Deployment', 'spec', 'strategy', 'rollingUpdate', 'maxSurge');
    expect(maxSurge['allOf']).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }]);
    expect(v3Schemas('apis/apps/v1')['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
  });

  it('carries strategic-merge and list-type metadata on Pod.spec lists', () => {
    const spec = asObj(asObj(v2Defs['io.k8s.api.core.v1.PodSpec'])['properties']);
    expect(spec['containers']).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(spec['volumes']).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': 'name' });
    expect(spec['tolerations']).toMatchObject({ 'x-kubernetes-list-type': 'atomic' });
    expect(asObj(spec['tolerations'])).not.toHaveProperty(['x-kubernetes-patch-strategy']);
    const container = asObj(asObj(v2Defs['io.k8s.api.core.v1.Container'])['properties']);
    expect(container['env']).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    expect(container['ports']).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] });
    expect(container['volumeMounts']).toMatchObject({ 'x-kubernetes-patch-merge-key': 'mountPath' });
    const meta = asObj(asObj(v2Defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'])['properties']);
    expect(meta['finalizers']).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
    expect(meta['ownerReferences']).toMatchObject({ 'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-patch-strategy': 'merge' });
    expect(asObj(v2Defs['io.k8s.api.core.v1.PodSpec'])['required']).toEqual(['containers']);
  });

  it('tags DeleteOptions with every served group-version', () => {
    const gvks = asObj(v2Defs['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'])['x-kubernetes-group-version-kind'];
    expect(gvks).toContainEqual({ group: 'apps', kind: 'DeleteOptions', version: 'v1' });
    expect(gvks).toContainEqual({ group: '', kind: 'DeleteOptions', version: 'v1' });
  });

  it('keeps every base definition reachable and well-formed', () => {
    expect(Object.keys(BASE_DEFINITIONS).length).toBeGreaterThan(150);
    expect(stubName({ group: '', version: 'v1', kind: 'X' })).toBe('io.k8s-lab.core.v1.X');
  });
});

describe('OpenAPI operations', () => {
  const patchOps = (doc: JsonObject) => Object.values(asObj(doc['paths'])).map((p) => asObj(p)['patch']).filter((p): p is JsonObject => p !== undefined && p !== null && typeof p === 'object' && !Array.isArray(p));

  it('lets kubectl find GVKs and server-side field validation on every PATCH', () => {
    for (const gv of gvPaths) {
      for (const op of patchOps(v3(gv))) {
        expect(op['x-kubernetes-group-version-kind']).toBeDefined();
        expect((op['parameters'] as JsonObject[]).map((p) => p['name'])).toContain('fieldValidation');
        expect(asObj(asObj(op['requestBody'])['content'])).toHaveProperty(['application/strategic-merge-patch+json']);
      }
    }
    const podPaths = asObj(v3('api/v1')['paths']);
    expect(asObj(asObj(podPaths['/api/v1/pods'])['get'])['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' });
    expect(asObj(asObj(podPaths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'])['post'])['x-kubernetes-group-version-kind']).toEqual({ group: 'policy', kind: 'Eviction', version: 'v1' });
    const scale = asObj(asObj(v3('apis/apps/v1')['paths'])['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']);
    expect(asObj(scale['put'])['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(asObj(asObj(v2['paths'])['/api/v1/nodes/{name}'])['patch']).toMatchObject({ 'x-kubernetes-action': 'patch', operationId: 'patchCoreV1Node' });
  });
});

describe('OpenAPI service', () => {
  const q = (s = '') => new URLSearchParams(s);

  it('takes the resource registry definitions as they are', () => {
    // compile-time check: ResourceDef is structurally an OpenApiResource
    const registry: ResourceDef[] = [];
    expect(buildOpenApiV3(registry, 'api/v1')).toBeUndefined();
  });

  it('lists api/v1 and apis/apps/v1 with content hashes in the v3 index', () => {
    const svc = createOpenApiService(LAB_RESOURCES);
    const index = JSON.parse(svc.v3Index().body) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(index.paths['api/v1']?.serverRelativeURL).toBe(`/openapi/v3/api/v1?hash=${svc.v3('api/v1')?.hash ?? ''}`);
    expect(index.paths['apis/apps/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    expect(Object.keys(index.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/events.k8s.io/v1']);
  });

  it('hashes deterministically, whatever the registration order', () => {
    const a = createOpenApiService(LAB_RESOURCES);
    const b = createOpenApiService([...LAB_RESOURCES].reverse());
    expect(b.v3('api/v1')?.hash).toBe(a.v3('api/v1')?.hash);
    expect(b.v3Index().hash).toBe(a.v3Index().hash);
    expect(b.v2().hash).toBe(a.v2().hash);
    expect(Buffer.from(b.v2Proto().body).equals(Buffer.from(a.v2Proto().body))).toBe(true);
  });

  it('serves immutable documents for the current hash and redirects stale ones', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const svc = createOpenApiService(LAB_RESOURCES, { now: () => now });
    const hash = svc.v3('apis/apps/v1')?.hash ?? '';
    const ok = svc.handle({ path: '/openapi/v3/apis/apps/v1', query: q(`hash=${hash}`), accept: 'application/json' });
    expect(ok).toMatchObject({ status: 200, headers: { 'Cache-Control': 'public, immutable', ETag: `"${hash}"`, Expires: 'Thu, 01 Jan 2026 00:00:00 GMT' } });
    expect(svc.handle({ path: '/openapi/v3/apis/apps/v1', query: q('hash=OLD') })).toMatchObject({ status: 301, headers: { Location: `/openapi/v3/apis/apps/v1?hash=${hash}` } });
    expect(svc.handle({ path: '/openapi/v3/apis/apps/v1', query: q(), ifNoneMatch: `"${hash}"` })?.status).toBe(304);
    expect(svc.handle({ path: '/openapi/v3/apis/batch/v1', query: q() })?.status).toBe(404);
    expect(svc.handle({ path: '/api/v1', query: q() })).toBeUndefined();
  });

  it('negotiates /openapi/v2: protobuf for kubectl, JSON otherwise, 406 for unknown types', () => {
    const svc = createOpenApiService(LAB_RESOURCES);
    const pb = svc.handle({ path: '/openapi/v2', query: q(), accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(pb?.status).toBe(200);
    expect(pb?.headers['Content-Type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    // field 1 (swagger) = "2.0"
    expect(Buffer.from(pb?.body ?? '').subarray(0, 5)).toEqual(Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]));
    const json = svc.handle({ path: '/openapi/v2', query: q(), accept: 'application/json' });
    expect(JSON.parse(String(json?.body))).toMatchObject({ swagger: '2.0' });
    expect(svc.handle({ path: '/openapi/v3/api/v1', query: q(), accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' })?.status).toBe(406);
  });
});
