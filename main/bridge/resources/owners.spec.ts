import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { ownedLinks, ownerLinks } from './owners.js';

const ref = (apiVersion: string, kind: string, name: string, uid: string, controller = true): NonNullable<KubeObject['metadata']['ownerReferences']>[number] => ({ apiVersion, kind, name, uid, controller, blockOwnerDeletion: true });

describe('ownerLinks (a Pod → its ReplicaSet → its Deployment)', () => {
  it('links a pod to its ReplicaSet in the pod\'s namespace, the controller first', () => {
    const pod: KubeObject = {
      metadata: { name: 'web-5bf-abc', namespace: 'lab', ownerReferences: [ref('v1', 'ConfigMap', 'extra', 'u9', false), ref('apps/v1', 'ReplicaSet', 'web-5bf', 'u1')] },
    };
    expect(ownerLinks(pod)).toEqual([
      { kind: 'replicasets', apiKind: 'ReplicaSet', name: 'web-5bf', namespace: 'lab', controller: true },
      { kind: 'configmaps', apiKind: 'ConfigMap', name: 'extra', namespace: 'lab', controller: false },
    ]);
  });

  it('links RC and DaemonSet pods; kinds the view does not list have no link', () => {
    const owned = (r: ReturnType<typeof ref>): KubeObject => ({ metadata: { name: 'p', namespace: 'default', ownerReferences: [r] } });
    expect(ownerLinks(owned(ref('v1', 'ReplicationController', 'rc1', 'u2')))[0]?.kind).toBe('replicationcontrollers');
    expect(ownerLinks(owned(ref('apps/v1', 'DaemonSet', 'ds1', 'u3')))[0]?.kind).toBe('daemonsets');
    // a mirror pod's owner is its Node: cluster-scoped, so no namespace
    expect(ownerLinks(owned(ref('v1', 'Node', 'node-1', 'u4')))).toEqual([{ kind: 'nodes', apiKind: 'Node', name: 'node-1', controller: true }]);
    expect(ownerLinks(owned(ref('batch/v1', 'Job', 'j', 'u5')))).toEqual([{ kind: null, apiKind: 'Job', name: 'j', controller: true }]);
  });

  it('an object nobody owns has no links', () => {
    expect(ownerLinks({ metadata: { name: 'web', namespace: 'default' } })).toEqual([]);
  });
});

describe('ownedLinks (a Deployment → its ReplicaSets, a ReplicaSet → its Pods)', () => {
  const deployment: KubeObject = { metadata: { name: 'web', namespace: 'default', uid: 'd1' } };
  it('keeps the candidates whose ownerReferences carry the owner\'s uid, by name', () => {
    const rs = (name: string, uid: string): KubeObject => ({ metadata: { name, namespace: 'default', ownerReferences: [ref('apps/v1', 'Deployment', 'web', uid)] } });
    const links = ownedLinks(deployment, 'replicasets', [rs('web-b', 'd1'), rs('web-a', 'd1'), rs('web-other', 'd2'), { metadata: { name: 'lone', namespace: 'default' } }]);
    expect(links).toEqual([
      { kind: 'replicasets', apiKind: 'ReplicaSet', name: 'web-a', namespace: 'default', controller: true },
      { kind: 'replicasets', apiKind: 'ReplicaSet', name: 'web-b', namespace: 'default', controller: true },
    ]);
  });

  it('matches by uid, not by name: a new Deployment with an old name owns nothing yet', () => {
    const old: KubeObject = { metadata: { name: 'web-a', namespace: 'default', ownerReferences: [ref('apps/v1', 'Deployment', 'web', 'd0')] } };
    expect(ownedLinks(deployment, 'replicasets', [old])).toEqual([]);
    expect(ownedLinks({ metadata: { name: 'web' } }, 'replicasets', [old])).toEqual([]);
  });
});
