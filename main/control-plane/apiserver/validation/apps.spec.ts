import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../common/kube-types.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultReplicationController } from '../defaults/workloads.js';
import { validateDaemonSet, validateDeployment, validateDeploymentUpdate, validateReplicaSet } from './apps.js';
import { formatFieldErrors, qualifiedKind } from './status.js';
import { validateReplicationController } from './workloads.js';

const container = { name: 'php-redis', image: 'gcr.io/google_samples/gb-frontend:v3' };

function obj(kind: string, spec: Record<string, unknown>, name = 'frontend'): KubeObject {
  const o: KubeObject = { apiVersion: kind === 'ReplicationController' ? 'v1' : 'apps/v1', kind, metadata: { name, namespace: 'default' }, spec };
  if (kind === 'ReplicaSet') defaultReplicaSet(o);
  if (kind === 'Deployment') defaultDeployment(o);
  if (kind === 'DaemonSet') defaultDaemonSet(o);
  if (kind === 'ReplicationController') defaultReplicationController(o);
  return o;
}

function messages(errs: { field: string; message: string }[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

describe('ReplicaSet', () => {
  it('reports a selector that does not match the template, byte for byte', () => {
    const rs = obj('ReplicaSet', {
      replicas: 3,
      selector: { matchLabels: { tier: 'front-end' } },
      template: { metadata: { labels: { tier: 'nginx' } }, spec: { containers: [container] } },
    });
    expect(formatFieldErrors(qualifiedKind('ReplicaSet', 'apps'), 'frontend', validateReplicaSet(rs))).toBe(
      'ReplicaSet.apps "frontend" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"tier":"nginx"}: `selector` does not match template `labels`',
    );
  });

  it('accepts a matching selector', () => {
    const rs = obj('ReplicaSet', {
      selector: { matchLabels: { tier: 'frontend' } },
      template: { metadata: { labels: { tier: 'frontend', app: 'guestbook' } }, spec: { containers: [container] } },
    });
    expect(validateReplicaSet(rs)).toEqual([]);
  });

  it('requires a selector, which then matches nothing', () => {
    const rs = obj('ReplicaSet', { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } } });
    expect(formatFieldErrors('ReplicaSet.apps', 'frontend', validateReplicaSet(rs))).toBe(
      'ReplicaSet.apps "frontend" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`]',
    );
  });

  it('rejects an empty selector with the "for deployment" message kube uses for ReplicaSets too', () => {
    const rs = obj('ReplicaSet', { selector: {}, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } } });
    expect(messages(validateReplicaSet(rs))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('only allows restartPolicy Always in the template', () => {
    const rs = obj('ReplicaSet', {
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { restartPolicy: 'Never', containers: [container] } },
    });
    expect(messages(validateReplicaSet(rs))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('rejects negative replicas and a template without containers', () => {
    const rs = obj('ReplicaSet', { replicas: -1, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } } } });
    expect(messages(validateReplicaSet(rs))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.containers: Required value',
    ]);
  });
});

describe('Deployment', () => {
  const good = (): KubeObject =>
    obj('Deployment', { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } }, 'web');

  it('accepts what `kubectl create deployment web --image nginx` sends', () => {
    expect(validateDeployment(good())).toEqual([]);
  });

  it('makes the selector immutable, printing the Go struct', () => {
    const old = good();
    old.metadata.resourceVersion = '7';
    const next = structuredClone(old);
    const spec = next['spec'] as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    spec.selector.matchLabels = { app: 'web2' };
    spec.template.metadata.labels = { app: 'web2' };
    expect(messages(validateDeploymentUpdate(next, old))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('forbids rollingUpdate when switching to Recreate', () => {
    const d = good();
    (d['spec'] as { strategy: Record<string, unknown> }).strategy['type'] = 'Recreate';
    expect(messages(validateDeployment(d))).toEqual(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
  });

  it('rejects maxUnavailable and maxSurge both zero', () => {
    const d = obj('Deployment', {
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
  });
});

describe('DaemonSet', () => {
  it('reports the mismatch and the empty selector with the daemonset wording', () => {
    const ds = obj('DaemonSet', { selector: {}, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [container] } } });
    expect(messages(validateDaemonSet(ds))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    ]);
    const mismatch = obj('DaemonSet', { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [container] } } });
    expect(messages(validateDaemonSet(mismatch))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`',
    ]);
  });
});

describe('ReplicationController', () => {
  it('takes its selector from the template labels when empty', () => {
    const rc = obj('ReplicationController', { template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } }, 'nginx');
    expect(validateReplicationController(rc)).toEqual([]);
  });

  it('rejects a template whose labels miss the selector', () => {
    const rc = obj('ReplicationController', {
      selector: { app: 'nginx' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    });
    expect(messages(validateReplicationController(rc))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });
});
