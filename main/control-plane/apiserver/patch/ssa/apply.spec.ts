import { describe, expect, it } from 'vitest';
import type { KubeObject, ManagedFieldsEntry } from '../../../../common/kube-types.js';
import { PatchError } from '../errors.js';
import { LAST_APPLIED_ANNOTATION, applyPatch } from './apply.js';
import { updateManagedFields } from './update.js';

const NOW = '2024-05-01T10:00:00Z';
const LATER = '2024-05-01T11:00:00Z';

function config(opts: { replicas?: number; image?: string; env?: boolean } = {}): KubeObject {
  const container: Record<string, unknown> = { name: 'nginx', image: opts.image ?? 'nginx:1.25', ports: [{ containerPort: 80 }] };
  if (opts.env ?? true) container.env = [{ name: 'A', value: '1' }];
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
  };
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec };
}

/** What the API server stores after create: identity fields plus defaults nobody applied. */
function stored(obj: KubeObject): KubeObject {
  const out = structuredClone(obj);
  out.metadata.uid = 'uid-1';
  out.metadata.resourceVersion = '1';
  const spec = out.spec as Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } };
  spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  for (const c of spec.template.spec.containers) c.imagePullPolicy = 'IfNotPresent';
  return out;
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

function rejected(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

const APPLIED_FIELDS =
  '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},' +
  '"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:env":{"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}},' +
  '"f:image":{},"f:name":{},"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}';

describe('server-side apply', () => {
  it('creates the object and records an Apply entry in the real FieldsV1 format', () => {
    const out = applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW });
    expect(out.spec).toEqual(config({ replicas: 2 }).spec);
    expect(out.metadata.managedFields).toHaveLength(1);
    const e = out.metadata.managedFields?.[0];
    expect(Object.keys(e ?? {})).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
    expect(e).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1' });
    expect(JSON.stringify(e?.fieldsV1)).toBe(APPLIED_FIELDS);
  });

  it('re-apply without a field removes it (and its list items), keeping defaults nobody owns', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const out = applyPatch(live, config({ image: 'nginx:1.26', env: false }), { manager: 'kubectl', force: false, now: LATER });
    const spec = out.spec as { replicas?: number; strategy: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
    expect(spec.replicas).toBeUndefined();
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80 }], imagePullPolicy: 'IfNotPresent' }]);
    const e = entry(out, 'kubectl');
    expect(e?.time).toBe(LATER);
    expect(JSON.stringify(e?.fieldsV1)).not.toContain('f:replicas');
    expect(JSON.stringify(e?.fieldsV1)).not.toContain('f:env');
  });

  it('keeps a dropped field another manager still owns', () => {
    let live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    live = applyPatch(live, config({ replicas: 2 }), { manager: 'other', force: false, now: NOW });
    const out = applyPatch(live, config(), { manager: 'kubectl', force: false, now: LATER });
    expect((out.spec as { replicas?: number }).replicas).toBe(2);
    expect(JSON.stringify(entry(out, 'other')?.fieldsV1)).toContain('f:replicas');
  });

  it('conflicts with the client-side apply manager, in kube-apiserver wording', () => {
    const created = updateManagedFields(undefined, stored(config({ replicas: 2 })), { manager: 'kubectl-client-side-apply', operation: 'Update', now: NOW });
    const err = rejected(() => applyPatch(created, config({ replicas: 3 }), { manager: 'kubectl', force: false, now: LATER }));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(err.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
  });

  it('lists several conflicts per manager', () => {
    const created = updateManagedFields(undefined, stored(config({ replicas: 2 })), { manager: 'kubectl-client-side-apply', operation: 'Update', now: NOW });
    const err = rejected(() => applyPatch(created, config({ replicas: 3, image: 'nginx:1.26' }), { manager: 'ci', force: false, now: LATER }));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
  });

  it('force takes the conflicting fields over', () => {
    const created = updateManagedFields(undefined, stored(config({ replicas: 2 })), { manager: 'kubectl-client-side-apply', operation: 'Update', now: NOW });
    const out = applyPatch(created, config({ replicas: 3 }), { manager: 'kubectl', force: true, now: LATER });
    expect((out.spec as { replicas: number }).replicas).toBe(3);
    expect(JSON.stringify(entry(out, 'kubectl-client-side-apply')?.fieldsV1)).not.toContain('f:replicas');
    expect(JSON.stringify(entry(out, 'kubectl')?.fieldsV1)).toContain('f:replicas');
    expect(out.metadata.managedFields?.map((e) => e.operation)).toEqual(['Apply', 'Update']);
  });

  it('shares ownership without conflict when the value is unchanged', () => {
    const created = updateManagedFields(undefined, stored(config({ replicas: 2 })), { manager: 'kubectl-client-side-apply', operation: 'Update', now: NOW });
    const out = applyPatch(created, config({ replicas: 2 }), { manager: 'ci', force: false, now: LATER });
    expect(JSON.stringify(entry(out, 'kubectl-client-side-apply')?.fieldsV1)).toContain('f:replicas');
    expect(JSON.stringify(entry(out, 'ci')?.fieldsV1)).toContain('f:replicas');
    // Nothing changed, so the new Apply entry carries no time.
    expect(entry(out, 'ci')?.time).toBeUndefined();
  });

  it('conflicts with a scale through the subresource', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const scaled = structuredClone(live);
    (scaled.spec as { replicas: number }).replicas = 5;
    const after = updateManagedFields(live, scaled, { manager: 'kubectl', operation: 'Update', now: LATER, subresource: 'scale' });
    const err = rejected(() => applyPatch(after, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: LATER }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('upgrades from client-side apply for manager "kubectl" when last-applied matches the live object', () => {
    const lastApplied = config({ replicas: 2 });
    const obj = stored(config({ replicas: 2 }));
    obj.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(lastApplied)}\n` };
    const created = updateManagedFields(undefined, obj, { manager: 'kubectl-client-side-apply', operation: 'Update', now: NOW });
    const out = applyPatch(created, config({ replicas: 3 }), { manager: 'kubectl', force: false, now: LATER });
    expect((out.spec as { replicas: number }).replicas).toBe(3);
    const annotation = out.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? '';
    expect(annotation.endsWith('}\n')).toBe(true);
    expect(JSON.parse(annotation)).toEqual(config({ replicas: 3 }));
    expect(annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":')).toBe(true);
  });

  it('gives fields of an unmanaged object to "before-first-apply"', () => {
    const live = stored(config({ replicas: 2 }));
    const err = rejected(() => applyPatch(live, config({ replicas: 4 }), { manager: 'ci', force: false, now: LATER }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });

  it('leaves the time alone on a no-op apply', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const out = applyPatch(live, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: LATER });
    expect(entry(out, 'kubectl')?.time).toBe(NOW);
    expect(out.spec).toEqual(live.spec);
  });

  it('removes a map entry the applier stopped sending (ConfigMap data)', () => {
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data });
    const live = applyPatch(undefined, cm({ a: '1', b: '2' }), { manager: 'kubectl', force: false, now: NOW });
    // Apply owns the entries, not the map (ToFieldSet); an Update that adds data owns both.
    expect(live.metadata.managedFields?.[0]?.fieldsV1).toEqual({ 'f:data': { 'f:a': {}, 'f:b': {} } });
    const out = applyPatch(live, cm({ a: '1' }), { manager: 'kubectl', force: false, now: LATER });
    expect(out.data).toEqual({ a: '1' });
  });

  it('matches list items on defaulted key fields (ContainerPort.protocol = TCP)', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const c = (live.spec as { template: { spec: { containers: { ports: Record<string, unknown>[] }[] } } }).template.spec.containers[0];
    if (c?.ports[0]) c.ports[0].protocol = 'TCP';
    const out = applyPatch(live, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: LATER });
    expect(out.spec).toEqual(live.spec);
    expect(entry(out, 'kubectl')?.time).toBe(NOW);
  });

  it('keeps items other managers added and places new ones after the shared item', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const withSidecar = structuredClone(live);
    const spec = (o: KubeObject) => (o.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
    spec(withSidecar).containers.push({ name: 'sidecar', image: 'busybox' });
    const edited = updateManagedFields(live, withSidecar, { manager: 'kubectl-edit', operation: 'Update', now: NOW });
    const next = config({ replicas: 2 });
    spec(next).containers.push({ name: 'metrics', image: 'prom' });
    const out = applyPatch(edited, next, { manager: 'kubectl', force: false, now: LATER });
    expect(spec(out).containers.map((c) => c.name)).toEqual(['nginx', 'sidecar', 'metrics']);
  });

  it('applies custom resources with struct fields and atomic lists', () => {
    const widget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec });
    const live = applyPatch(undefined, widget({ size: 1, tags: ['a', 'b'], nested: { x: 1, y: 2 } }), { manager: 'kubectl', force: false, now: NOW });
    expect(live.metadata.managedFields?.[0]?.fieldsV1).toEqual({ 'f:spec': { 'f:nested': { 'f:x': {}, 'f:y': {} }, 'f:size': {}, 'f:tags': {} } });
    const out = applyPatch(live, widget({ tags: ['c'], nested: { x: 1 } }), { manager: 'kubectl', force: false, now: LATER });
    expect(out.spec).toEqual({ tags: ['c'], nested: { x: 1 } });
  });

  it('rejects a body of another kind or with managedFields, and list items without their key', () => {
    const live = stored(applyPatch(undefined, config({ replicas: 2 }), { manager: 'kubectl', force: false, now: NOW }));
    const wrong = { ...config(), apiVersion: 'apps/v1beta2' };
    expect(rejected(() => applyPatch(live, wrong, { manager: 'kubectl', force: false, now: LATER })).message).toBe('invalid object type: apps/v1beta2, Kind=Deployment');
    const withFields = config();
    withFields.metadata.managedFields = [];
    expect(rejected(() => applyPatch(live, withFields, { manager: 'kubectl', force: false, now: LATER })).message).toBe('metadata.managedFields must be nil');
    const noName = config();
    (noName.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers = [{ image: 'x' }];
    const err = rejected(() => applyPatch(live, noName, { manager: 'kubectl', force: false, now: LATER }));
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
  });
});
