import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaultNamespace, defaultSecret } from '../defaults/core.js';
import { defaultEndpoints } from '../defaults/service.js';
import { validateEndpoints, validateNamespace, validateNode } from './cluster.js';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config.js';
import { base64DecodeError, decodeErrorMessage, findDecodeError } from './decode.js';
import { validateEvent } from './event.js';
import { subresourceNameMismatch, validateBinding, validateEviction, validateLease, validateScale } from './subresources.js';

function messages(errs: { field: string; message: string }[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

const meta = (name: string, namespace?: string): KubeObject['metadata'] => (namespace ? { name, namespace } : { name });

describe('Namespace and Node', () => {
  it('namespace names are RFC 1123 labels', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: meta('team.a') };
    defaultNamespace(ns);
    expect(messages(validateNamespace(ns))).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
  });

  it('node taints need a valid effect and are reported under metadata.taints', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: meta('worker-1'), spec: { taints: [{ key: 'gpu', effect: 'NoRun' }] } };
    expect(messages(validateNode(node))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });
});

describe('ConfigMap and Secret', () => {
  it('validates data keys', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg', 'default'), data: { 'bad key': 'v' } };
    expect(messages(validateConfigMap(cm))[0]).toMatch(/^data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/);
  });

  it('locks data once immutable is set', () => {
    const old: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta('cfg', 'default'), resourceVersion: '1' }, data: { a: '1' }, immutable: true };
    const next = structuredClone(old);
    next['data'] = { a: '2' };
    expect(messages(validateConfigMapUpdate(next, old))).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });

  it('keeps the secret type immutable and requires the TLS keys', () => {
    const old: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { ...meta('s', 'default'), resourceVersion: '1' }, type: 'Opaque' };
    const next = structuredClone(old);
    next['type'] = 'kubernetes.io/tls';
    expect(messages(validateSecretUpdate(next, old))).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
  });

  it('accepts stringData once folded into data', () => {
    const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('s', 'default'), stringData: { password: 'p@ss' } };
    defaultSecret(s);
    expect(s['data']).toEqual({ password: 'cEBzcw==' });
    expect(validateSecret(s)).toEqual([]);
  });
});

describe('decode errors (400, before validation)', () => {
  it('reports non-base64 secret data like Go does', () => {
    expect(base64DecodeError('mypass')).toBe('illegal base64 data at input byte 4');
    expect(base64DecodeError('abc')).toBe('illegal base64 data at input byte 0');
    expect(base64DecodeError('a!bc')).toBe('illegal base64 data at input byte 1');
    expect(base64DecodeError('cEBzcw==')).toBeUndefined();
    expect(base64DecodeError('cEBz\ncw==')).toBeUndefined();
    const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('s', 'default'), data: { password: 'mypass' } };
    expect(decodeErrorMessage('Secret', 'v1', findDecodeError(s) ?? '')).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    );
  });

  it('reports malformed quantities', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('p', 'default'),
      spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '1GB' } } }] },
    };
    expect(findDecodeError(pod)).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    const suffix = structuredClone(pod);
    (suffix['spec'] as { containers: { resources: { limits: Record<string, string> } }[] }).containers[0]!.resources.limits = { memory: '1mi' };
    expect(findDecodeError(suffix)).toBe("unable to parse quantity's suffix");
  });
});

describe('Endpoints, Event, Lease and subresources', () => {
  it('checks endpoint addresses', () => {
    const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web', 'default'), subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 80 }] }] };
    defaultEndpoints(ep);
    expect(messages(validateEndpoints(ep))).toEqual(['subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']);
  });

  it('requires a core event to live in its object\'s namespace', () => {
    const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: meta('x.1', 'default'), involvedObject: { kind: 'Pod', name: 'p', namespace: 'kube-system' } };
    expect(messages(validateEvent(ev))).toEqual(['involvedObject.namespace: Invalid value: "kube-system": does not match event.namespace']);
  });

  it('applies the strict rules to events.k8s.io events', () => {
    const ev: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: meta('x.1', 'default'),
      eventTime: '2025-01-01T00:00:00.000000Z',
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
      reportingController: 'k8s-lab/scheduler',
      reportingInstance: 'scheduler-1',
      action: 'Binding',
      reason: 'Scheduled',
      type: 'Normal',
    };
    expect(validateEvent(ev)).toEqual([]);
    expect(messages(validateEvent({ ...ev, type: 'Info' }))).toEqual(['type: Invalid value: "": has invalid value: Info']);
  });

  it('validates leases, bindings, evictions and scales', () => {
    const lease: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('node-1', 'kube-node-lease'), spec: { leaseDurationSeconds: 0 } };
    expect(messages(validateLease(lease))).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    const binding: KubeObject = { apiVersion: 'v1', kind: 'Binding', metadata: meta('p', 'default'), target: { kind: 'Pod' } };
    expect(messages(validateBinding(binding))).toEqual([
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
    expect(subresourceNameMismatch('Binding', 'q', binding)).toBe('name in URL does not match name in Binding object');
    const eviction: KubeObject = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: meta('p', 'default'), deleteOptions: { propagationPolicy: 'Later' } };
    expect(messages(validateEviction(eviction))).toEqual([
      'propagationPolicy: Unsupported value: "Later": supported values: "Foreground", "Background", "Orphan", "nil"',
    ]);
    const scale: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: meta('web', 'default'), spec: { replicas: -2 } };
    expect(messages(validateScale(scale))).toEqual(['spec.replicas: Invalid value: -2: must be greater than or equal to 0']);
  });
});
