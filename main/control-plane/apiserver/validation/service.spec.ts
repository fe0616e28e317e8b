import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaultService, prepareServiceForUpdate } from '../defaults/service.js';
import { validateService, validateServiceUpdate } from './service.js';

function svc(spec: Record<string, unknown>, name = 'web'): KubeObject {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
  defaultService(s);
  return s;
}

function messages(errs: { field: string; message: string }[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

describe('validateService', () => {
  it('accepts what `kubectl expose deployment web --port 80` sends', () => {
    expect(validateService(svc({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] }))).toEqual([]);
  });

  it('names are DNS-1035 labels', () => {
    const errs = validateService(svc({ ports: [{ port: 80 }] }, '8web'));
    expect(errs[0]?.message).toMatch(/^Invalid value: "8web": a DNS-1035 label must consist of lower case alphanumeric characters/);
  });

  it('requires ports', () => {
    expect(messages(validateService(svc({ selector: { app: 'x' } })))).toEqual(['spec.ports: Required value']);
  });

  it('lets the allocator reject an out-of-range nodePort on its own', () => {
    const errs = validateService(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, 'Bad_Name'));
    expect(messages(errs)).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });

  it('forbids a nodePort on a ClusterIP service', () => {
    expect(messages(validateService(svc({ ports: [{ port: 80, nodePort: 30080 }] })))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('rejects an unknown type with the sorted list', () => {
    expect(messages(validateService(svc({ type: 'Internal', ports: [{ port: 80 }] })))).toEqual([
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('requires port names when there are several, and unique ports', () => {
    const errs = validateService(svc({ ports: [{ port: 80 }, { port: 80, name: 'b' }] }));
    expect(messages(errs)).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('validates ExternalName services', () => {
    expect(messages(validateService(svc({ type: 'ExternalName' })))).toEqual(['spec.externalName: Required value']);
    expect(validateService(svc({ type: 'ExternalName', externalName: 'db.example.com.' }))).toEqual([]);
  });
});

describe('validateServiceUpdate', () => {
  function stored(): KubeObject {
    const s = svc({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    const spec = s['spec'] as Record<string, unknown>;
    spec['clusterIP'] = '10.96.0.10';
    spec['clusterIPs'] = ['10.96.0.10'];
    s.metadata.resourceVersion = '3';
    return s;
  }

  it('keeps allocated values when the new body omits them (kubectl apply)', () => {
    const old = stored();
    const next = svc({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    next.metadata.resourceVersion = '3';
    prepareServiceForUpdate(next, old);
    expect(validateServiceUpdate(next, old)).toEqual([]);
  });

  it('does not let the cluster IP change', () => {
    const old = stored();
    const next = structuredClone(old);
    const spec = next['spec'] as Record<string, unknown>;
    spec['clusterIP'] = '10.96.0.11';
    spec['clusterIPs'] = ['10.96.0.11'];
    expect(messages(validateServiceUpdate(next, old))).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });
});
