import { describe, expect, it } from 'vitest';
import { apiPodRows, containerRows, criTime, imageRows, nameImages, pairPods, sandboxRows } from './cri-rows.js';

// the shape `crictl pods|ps -a|images -o json` prints (protojson: int64 as strings, enums by name)
const PODS = JSON.stringify({
  items: [
    { id: 'sb1', metadata: { name: 'web', uid: 'uid-web', namespace: 'default', attempt: 0 }, state: 'SANDBOX_READY', createdAt: '1700000000123456789', labels: {}, annotations: {}, runtimeHandler: '' },
    { id: 'sb0', metadata: { name: 'old', uid: 'uid-old', namespace: 'default', attempt: 1 }, state: 'SANDBOX_NOTREADY', createdAt: '1700000000000000000', labels: {}, annotations: {}, runtimeHandler: '' },
  ],
});
const PS = JSON.stringify({
  containers: [
    {
      id: 'c1',
      podSandboxId: 'sb1',
      metadata: { name: 'nginx', attempt: 2 },
      image: { image: 'docker.io/library/nginx:latest', annotations: {} },
      imageRef: 'sha256:abc',
      state: 'CONTAINER_RUNNING',
      createdAt: '1700000001000000000',
      labels: { 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': 'uid-web' },
      annotations: {},
    },
  ],
});
const IMAGES = JSON.stringify({ images: [{ id: 'sha256:abc', repoTags: ['docker.io/library/nginx:latest'], repoDigests: [], size: '1234567', uid: null, username: '', spec: null, pinned: false }] });

describe('crictl -o json → rows', () => {
  it('reads sandboxes, containers and images', () => {
    expect(sandboxRows(PODS)[0]).toEqual({ id: 'sb1', name: 'web', namespace: 'default', uid: 'uid-web', attempt: 0, state: 'SANDBOX_READY', created: '2023-11-14T22:13:20.123Z', runtimeHandler: '' });
    expect(containerRows(PS)).toEqual([
      { id: 'c1', name: 'nginx', attempt: 2, image: 'docker.io/library/nginx:latest', state: 'CONTAINER_RUNNING', created: '2023-11-14T22:13:21.000Z', podSandboxId: 'sb1', podName: 'web', podNamespace: 'default', podUid: 'uid-web' },
    ]);
    expect(imageRows(IMAGES)).toEqual([{ id: 'sha256:abc', tags: ['docker.io/library/nginx:latest'], size: '1234567', pinned: false }]);
    expect(nameImages(containerRows(PS.replace('docker.io/library/nginx:latest', 'sha256:abc')), imageRows(IMAGES))[0]?.image).toBe('docker.io/library/nginx:latest');
    expect(sandboxRows('{"items":[]}')).toEqual([]);
    expect(criTime('0')).toBe('');
    expect(() => sandboxRows('level=fatal msg="x"')).toThrow(/crictl pods -o json: not JSON/);
  });

  it('pairs the API pods with sandboxes by pod UID', () => {
    const api = apiPodRows([
      { metadata: { name: 'web', namespace: 'default', uid: 'uid-web' }, status: { phase: 'Running', podIP: '10.246.1.5', containerStatuses: [{ name: 'nginx', containerID: 'containerd://c1', state: { running: {} } }] } },
      { metadata: { name: 'new', namespace: 'default', uid: 'uid-new' }, status: { phase: 'Pending' } },
    ]);
    expect(api[1]).toEqual({ namespace: 'default', name: 'web', uid: 'uid-web', phase: 'Running', podIP: '10.246.1.5', containers: [{ name: 'nginx', state: 'running', containerID: 'containerd://c1' }] });
    expect(pairPods(sandboxRows(PODS), api)).toEqual([
      { uid: 'uid-new', namespace: 'default', name: 'new', sandboxIds: [], inApi: true },
      { uid: 'uid-web', namespace: 'default', name: 'web', sandboxIds: ['sb1'], inApi: true },
      { uid: 'uid-old', namespace: 'default', name: 'old', sandboxIds: ['sb0'], inApi: false },
    ]);
  });
});
