import { describe, expect, it } from 'vitest';
import { reduceOpenApi, shortDescription } from './schema-reduce.js';
import type { OpenApiDocument } from './schema-reduce.js';

// a slice of what /openapi/v3/api/v1 serves (kube-openapi's shapes: allOf refs, int-or-string, maps)
const CORE: OpenApiDocument = {
  components: {
    schemas: {
      'io.k8s.api.core.v1.Pod': {
        description: 'Pod is a collection of containers that can run on a host. This resource is created by clients.',
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] },
          spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }] },
        },
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
      },
      'io.k8s.api.core.v1.PodList': { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Pod' } } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'PodList' }] },
      'io.k8s.api.core.v1.PodSpec': {
        type: 'object',
        required: ['containers'],
        properties: {
          containers: { type: 'array', description: 'List of containers belonging to the pod.', items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' } },
          restartPolicy: { type: 'string', enum: ['Always', 'Never', 'OnFailure'] },
          nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
          overhead: { type: 'object', additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' } },
        },
      },
      'io.k8s.api.core.v1.Container': {
        type: 'object',
        properties: {
          image: { type: 'string' },
          ports: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' }] } },
          livenessProbe: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Probe' }] },
        },
      },
      'io.k8s.api.core.v1.ContainerPort': { type: 'object', properties: { containerPort: { type: 'integer', format: 'int32' } } },
      // recursive on purpose: references stay names, so the reduction cannot loop
      'io.k8s.api.core.v1.Probe': { type: 'object', properties: { port: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }] }, next: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Probe' }] } } },
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
      'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' }, creationTimestamp: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] } } },
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
      'io.k8s.api.core.v1.Unused': { type: 'object', properties: { x: { type: 'string' } } },
    },
  },
};

describe('reduceOpenApi', () => {
  const schema = reduceOpenApi([CORE], [{ apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespaced: true }]);

  it('keeps the kinds discovery serves, with their resource and scope', () => {
    expect(schema.kinds).toEqual([{ apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, type: 'io.k8s.api.core.v1.Pod' }]);
  });

  it('keeps only the types a kind reaches, references as names', () => {
    expect(Object.keys(schema.types).sort()).toEqual(['io.k8s.api.core.v1.Container', 'io.k8s.api.core.v1.ContainerPort', 'io.k8s.api.core.v1.Pod', 'io.k8s.api.core.v1.PodSpec', 'io.k8s.api.core.v1.Probe', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    expect(schema.types['io.k8s.api.core.v1.Probe']?.fields['next']?.type).toEqual({ t: 'object', ref: 'io.k8s.api.core.v1.Probe' });
  });

  it('reduces field types: lists, maps, enums, int-or-string, quantities, times', () => {
    const spec = schema.types['io.k8s.api.core.v1.PodSpec']?.fields ?? {};
    expect(spec['containers']).toEqual({ type: { t: 'array', items: { t: 'object', ref: 'io.k8s.api.core.v1.Container' } }, description: 'List of containers belonging to the pod.', required: true });
    expect(spec['restartPolicy']?.type).toEqual({ t: 'string', enum: ['Always', 'Never', 'OnFailure'] });
    expect(spec['nodeSelector']?.type).toEqual({ t: 'map', values: { t: 'string' } });
    expect(spec['overhead']?.type).toEqual({ t: 'map', values: { t: 'quantity' } });
    expect(schema.types['io.k8s.api.core.v1.Probe']?.fields['port']?.type).toEqual({ t: 'int-or-string' });
    expect(schema.types['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.fields['creationTimestamp']?.type).toEqual({ t: 'string' });
    expect(schema.types['io.k8s.api.core.v1.Container']?.fields['ports']?.type).toEqual({ t: 'array', items: { t: 'object', ref: 'io.k8s.api.core.v1.ContainerPort' } });
  });

  it('shortens descriptions to their first sentence', () => {
    expect(shortDescription('Pod is a collection of containers.  It runs\non a host.')).toBe('Pod is a collection of containers.');
    expect(schema.types['io.k8s.api.core.v1.Pod']?.description).toBe('Pod is a collection of containers that can run on a host.');
  });
});
