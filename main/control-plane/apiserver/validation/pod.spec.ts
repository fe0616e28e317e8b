import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaultPod, preparePodForCreate } from '../defaults/pod.js';
import { POD_UPDATE_FORBIDDEN_PREFIX, validatePod, validatePodUpdate } from './pod.js';
import { formatFieldErrors } from './status.js';

function pod(spec: Record<string, unknown>, name = 'nginx'): KubeObject {
  const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
  defaultPod(p);
  return p;
}

const nginx = (): KubeObject => pod({ containers: [{ name: 'nginx', image: 'nginx' }] });

function messages(errs: { field: string; message: string }[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

describe('validatePod', () => {
  it('accepts the pod `kubectl run nginx --image nginx` creates', () => {
    expect(validatePod(nginx())).toEqual([]);
  });

  it('requires containers', () => {
    expect(messages(validatePod(pod({})))).toEqual(['spec.containers: Required value']);
  });

  it('requires an image', () => {
    const errs = validatePod(pod({ containers: [{ name: 'web' }] }));
    expect(formatFieldErrors('Pod', 'nginx', errs)).toBe('Pod "nginx" is invalid: spec.containers[0].image: Required value');
  });

  it('requires a container name and reports it before the image', () => {
    expect(messages(validatePod(pod({ containers: [{}] })))).toEqual([
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
    ]);
  });

  it('rejects an unsupported restartPolicy', () => {
    expect(messages(validatePod(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'busybox' }] })))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('rejects duplicate container names', () => {
    const errs = validatePod(pod({ containers: [{ name: 'x', image: 'a' }, { name: 'x', image: 'b' }] }));
    expect(messages(errs)).toEqual(['spec.containers[1].name: Duplicate value: "x"']);
  });

  it('rejects an invalid pod name with the subdomain message', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i' }] }, 'My_Pod'));
    expect(errs[0]?.message).toMatch(/^Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of/);
  });

  it('checks container names as RFC 1123 labels', () => {
    const errs = validatePod(pod({ containers: [{ name: 'Web', image: 'i' }] }));
    expect(errs[0]?.field).toBe('spec.containers[0].name');
    expect(errs[0]?.message).toMatch(/^Invalid value: "Web": a lowercase RFC 1123 label must consist of/);
  });

  it('requires requests to stay within limits, printing canonical quantities', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1.5' }, limits: { cpu: '1' } } }] }));
    expect(messages(errs)).toEqual(['spec.containers[0].resources.requests: Invalid value: "1500m": must be less than or equal to cpu limit of 1']);
  });

  it('rejects negative quantities and unknown resource names', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '-1Gi', cpus: '1' } } }] }));
    expect(messages(errs)).toEqual([
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    ]);
  });

  it('checks container ports', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }] }] }));
    expect(messages(errs)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('reports a mount of an unknown volume as Not found', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }));
    expect(messages(errs)).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });

  it('requires a handler on probes', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i', livenessProbe: { initialDelaySeconds: 3 } }] }));
    expect(messages(errs)).toEqual(['spec.containers[0].livenessProbe: Required value: must specify a handler type']);
  });

  it('validates tolerations', () => {
    const errs = validatePod(pod({ containers: [{ name: 'c', image: 'i' }], tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }));
    expect(messages(errs)).toEqual([
      'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
    ]);
  });
});

describe('validatePodUpdate', () => {
  function stored(): KubeObject {
    const p = nginx();
    p.metadata.resourceVersion = '5';
    preparePodForCreate(p);
    return p;
  }

  it('allows changing the image', () => {
    const old = stored();
    const next = structuredClone(old);
    (next['spec'] as { containers: { image: string }[] }).containers[0]!.image = 'nginx:1.25';
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('forbids renaming a container, with the 1.32 message and a diff', () => {
    const old = stored();
    const next = structuredClone(old);
    (next['spec'] as { containers: { name: string }[] }).containers[0]!.name = 'web';
    const errs = validatePodUpdate(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]?.type).toBe('FieldValueForbidden');
    expect(errs[0]?.field).toBe('spec');
    const expectedPrefix =
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n';
    expect(errs[0]?.message.startsWith(expectedPrefix)).toBe(true);
    expect(errs[0]?.message).toContain('- \t\t\tName: "nginx",');
    expect(errs[0]?.message).toContain('+ \t\t\tName: "web",');
    expect(POD_UPDATE_FORBIDDEN_PREFIX).toBe(expectedPrefix.slice('Forbidden: '.length, expectedPrefix.indexOf('\n')));
  });

  it('forbids adding a container and stops there', () => {
    const old = stored();
    const next = structuredClone(old);
    (next['spec'] as { containers: unknown[] }).containers.push({ name: 'b', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
    expect(messages(validatePodUpdate(next, old))).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('allows adding tolerations but not changing existing ones', () => {
    const old = stored();
    const added = structuredClone(old);
    const spec = added['spec'] as { tolerations: Record<string, unknown>[] };
    spec.tolerations.push({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    expect(validatePodUpdate(added, old)).toEqual([]);
    const changed = structuredClone(old);
    (changed['spec'] as { tolerations: Record<string, unknown>[] }).tolerations[0]!['key'] = 'other';
    expect(messages(validatePodUpdate(changed, old))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('rejects a grown activeDeadlineSeconds', () => {
    const old = stored();
    (old['spec'] as Record<string, unknown>)['activeDeadlineSeconds'] = 10;
    const next = structuredClone(old);
    (next['spec'] as Record<string, unknown>)['activeDeadlineSeconds'] = 20;
    expect(messages(validatePodUpdate(next, old))).toEqual(['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
  });

  it('reports an immutable name and a missing resourceVersion', () => {
    const old = stored();
    const next = structuredClone(old);
    next.metadata.name = 'other';
    delete next.metadata.resourceVersion;
    expect(messages(validatePodUpdate(next, old))).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.name: Invalid value: "other": field is immutable',
    ]);
  });
});
