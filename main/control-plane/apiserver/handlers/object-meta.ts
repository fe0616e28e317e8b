// Server-set metadata on create and update, as the generic registry's BeforeCreate /
// BeforeUpdate do (apiserver/pkg/registry/rest/create.go, update.go).
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../../common/kube-types.js';
import type { ResourceDef } from '../resources/types.js';

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: prefix + 5 random characters from a vowel-free alphabet */
export function generateName(prefix: string): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return prefix.slice(0, 63 - 5) + s;
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export function prepareForCreate(def: ResourceDef, obj: KubeObject, uid: string, now: string): void {
  const m = obj.metadata;
  m.uid = uid;
  m.creationTimestamp = now;
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  if (def.hasGeneration) m.generation = 1;
  else delete m.generation;
  if (def.statusSubresource) {
    // status is written only by the status subresource (controllers, kubelet)
    // the kind's strategy fills in its initial status after defaulting (a pod's phase and QoS class)
    obj.status = def.kind === 'Namespace' ? { phase: 'Active' } : {};
  }
}

/** keeps what clients may not change and bumps generation when the spec changed */
export function prepareForUpdate(def: ResourceDef, next: KubeObject, old: KubeObject, subresource: string): void {
  const m = next.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  m.name = o.name;
  if (o.namespace !== undefined) m.namespace = o.namespace;
  else delete m.namespace;
  if (o.deletionTimestamp) {
    m.deletionTimestamp = o.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  if (subresource === 'status') {
    // the status endpoint changes status (and metadata), never the spec
    const status = next.status;
    for (const k of Object.keys(next)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete next[k];
    for (const [k, v] of Object.entries(old)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') next[k] = structuredClone(v);
    if (status !== undefined) next.status = status;
    m.ownerReferences = o.ownerReferences;
    if (!m.ownerReferences) delete m.ownerReferences;
  } else if (def.statusSubresource) {
    if (old.status !== undefined) next.status = structuredClone(old.status);
    else delete next.status;
  }
  if (def.hasGeneration) {
    const gen = o.generation ?? 1;
    // Deployments also count annotation changes (the deployment strategy's PrepareForUpdate)
    const annotationsCount = def.kind === 'Deployment' && def.group === 'apps' && !isDeepStrictEqual(m.annotations ?? {}, o.annotations ?? {});
    m.generation = subresource === '' && (annotationsCount || !isDeepStrictEqual(specOf(next), specOf(old))) ? gen + 1 : gen;
  } else if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
}

/** true when nothing but managedFields timestamps differ: kube skips such writes */
export function unchanged(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => {
    const c = { ...o, metadata: { ...o.metadata } };
    delete c.metadata.resourceVersion;
    delete c.metadata.managedFields;
    return c;
  };
  return isDeepStrictEqual(strip(next), strip(old));
}
