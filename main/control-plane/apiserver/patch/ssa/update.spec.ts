import { describe, expect, it } from 'vitest';
import type { KubeObject, ManagedFieldsEntry } from '../../../../common/kube-types.js';
import { applyPatchType } from '../index.js';
import { updateManagedFields } from './update.js';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:05:00Z';
const T2 = '2024-05-01T10:10:00Z';

/** `kubectl create deployment web --image=nginx` after defaulting. */
function created(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

function store(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, uid: 'uid-1', resourceVersion: '1', creationTimestamp: T0 } };
}

function entry(obj: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

function fields(obj: KubeObject, manager: string): string {
  return JSON.stringify(entry(obj, manager)?.fieldsV1);
}

const CREATE_FIELDS =
  '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},"f:selector":{},' +
  '"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},' +
  '"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:resources":{},' +
  '"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},' +
  '"f:terminationGracePeriodSeconds":{}}}}}';

function createdAndStored(): KubeObject {
  return store(updateManagedFields(undefined, created(), { manager: 'kubectl-create', operation: 'Update', now: T0 }));
}

function patched(live: KubeObject, contentType: string, body: unknown, manager: string, now: string, subresource?: string): KubeObject {
  const next = applyPatchType(contentType, live, JSON.stringify(body));
  return updateManagedFields(live, next, { manager, operation: 'Update', now, subresource });
}

describe('updateManagedFields (FieldManager.Update)', () => {
  it('records a create like kube-apiserver: kubectl-create owns every set field', () => {
    const obj = updateManagedFields(undefined, created(), { manager: 'kubectl-create', operation: 'Update', now: T0 });
    expect(obj.metadata.managedFields).toEqual([{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: expect.any(Object) as unknown }]);
    expect(fields(obj, 'kubectl-create')).toBe(CREATE_FIELDS);
  });

  it('kubectl label adds a kubectl-label entry; removing the label removes the entry', () => {
    const labelled = patched(createdAndStored(), 'application/merge-patch+json', { metadata: { labels: { env: 'prod' } } }, 'kubectl-label', T1);
    expect(fields(labelled, 'kubectl-label')).toBe('{"f:metadata":{"f:labels":{"f:env":{}}}}');
    expect(labelled.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-label']);
    const unlabelled = patched(labelled, 'application/merge-patch+json', { metadata: { labels: { env: null } } }, 'kubectl-label', T2);
    expect(entry(unlabelled, 'kubectl-label')).toBeUndefined();
  });

  it('kubectl set image moves the image field to kubectl-set', () => {
    const body = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.25', name: 'nginx' }] } } } };
    const out = patched(createdAndStored(), 'application/strategic-merge-patch+json', body, 'kubectl-set', T1);
    expect(fields(out, 'kubectl-set')).toBe('{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{"f:image":{}}}}}}}');
    expect(fields(out, 'kubectl-create')).not.toContain('"f:image"');
    expect(entry(out, 'kubectl-set')?.time).toBe(T1);
  });

  it('kubectl rollout restart owns the new annotations map and its key', () => {
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': T1 } } } } };
    const out = patched(createdAndStored(), 'application/strategic-merge-patch+json', body, 'kubectl-rollout', T1);
    expect(fields(out, 'kubectl-rollout')).toBe('{"f:spec":{"f:template":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/restartedAt":{}}}}}}');
  });

  it('records a scale subresource write with its subresource and leaves status to the status subresource', () => {
    const live = createdAndStored();
    const scaled = structuredClone(live);
    (scaled.spec as { replicas: number }).replicas = 3;
    const out = updateManagedFields(live, scaled, { manager: 'kubectl', operation: 'Update', now: T1, subresource: 'scale' });
    expect(entry(out, 'kubectl')).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(fields(out, 'kubectl-create')).not.toContain('f:replicas');

    const withStatus = structuredClone(out);
    withStatus.status = { replicas: 3, conditions: [{ type: 'Available', status: 'True' }] };
    const status = updateManagedFields(out, withStatus, { manager: 'kube-controller-manager', operation: 'Update', now: T2, subresource: 'status' });
    expect(fields(status, 'kube-controller-manager')).toBe('{"f:status":{"f:conditions":{".":{},"k:{\\"type\\":\\"Available\\"}":{".":{},"f:status":{},"f:type":{}}},"f:replicas":{}}}');
    // Through the main resource, status is a reset field: nobody takes it.
    const main = updateManagedFields(out, withStatus, { manager: 'kubectl-edit', operation: 'Update', now: T2 });
    expect(entry(main, 'kubectl-edit')).toBeUndefined();
  });

  it('does not record a write that changes nothing', () => {
    const live = createdAndStored();
    const same = updateManagedFields(live, structuredClone(live), { manager: 'kubectl-edit', operation: 'Update', now: T1 });
    expect(same.metadata.managedFields).toEqual(live.metadata.managedFields);
  });

  it('resets ownership on managedFields: [{}] and then stops tracking an unmanaged object', () => {
    const live = createdAndStored();
    const reset = structuredClone(live);
    reset.metadata.managedFields = [{}];
    const cleared = updateManagedFields(live, reset, { manager: 'kubectl-patch', operation: 'Update', now: T1 });
    expect(cleared.metadata.managedFields).toBeUndefined();
    const next = structuredClone(cleared);
    next.metadata.labels = { app: 'web', x: 'y' };
    expect(updateManagedFields(cleared, next, { manager: 'kubectl-label', operation: 'Update', now: T2 }).metadata.managedFields).toBeUndefined();
  });

  it('keeps at most ten Update entries, folding the oldest into ancient-changes', () => {
    let obj: KubeObject = store({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: {} });
    obj = updateManagedFields(undefined, obj, { manager: 'm0', operation: 'Update', now: T0 });
    for (let i = 1; i <= 10; i++) {
      const next = structuredClone(obj);
      next.data = { ...(next.data as Record<string, string>), [`k${i}`]: 'v' };
      obj = updateManagedFields(obj, next, { manager: `m${i}`, operation: 'Update', now: `2024-05-01T10:${String(i).padStart(2, '0')}:00Z` });
    }
    const managers = obj.metadata.managedFields?.map((e) => e.manager) ?? [];
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    // m0 (the creator, owning the empty data map) and m1 are the two oldest.
    expect(managers).not.toContain('m0');
    expect(managers).not.toContain('m1');
    expect(fields(obj, 'ancient-changes')).toBe('{"f:data":{".":{},"f:k1":{}}}');
    expect(entry(obj, 'ancient-changes')?.time).toBe('2024-05-01T10:01:00Z');
  });
});
