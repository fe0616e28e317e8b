// The list views against lines written the way crictl v1.32 prints them.
import { describe, expect, it } from 'vitest';
import type { Container, ContainerStats, Image, PodSandbox } from '../../cri/types.js';
import { formatContainers, selectContainers, shortImage } from './containers.js';
import { filterImages, formatImages, sortImages } from './images.js';
import { formatPods, selectPods } from './pods.js';
import type { Clock } from './pods.js';
import { formatStats, formatVersion } from './runtime.js';
import { renderTable } from './table.js';

const NOW_MS = Date.UTC(2024, 4, 1, 12, 0, 0);
const clock: Clock = { nowMs: NOW_MS, offsetMinutes: () => 0 };
const agoNs = (seconds: number): number => (NOW_MS - seconds * 1000) * 1e6;

const POD_A = 'a4a9d1e8a7e5c1f0b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5';
const POD_B = 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2';
const IMG = 'sha256:605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85';

function pod(id: string, name: string, namespace: string, createdAgo: number, state: PodSandbox['state'] = 'SANDBOX_READY'): PodSandbox {
  return { id, metadata: { name, uid: `uid-${name}`, namespace, attempt: 0 }, state, createdAt: agoNs(createdAgo), labels: {}, annotations: {}, runtimeHandler: '' };
}

describe('renderTable (text/tabwriter as crictl sets it up)', () => {
  it('pads every cell but the last to max(20, widest + 3)', () => {
    expect(renderTable([['A', 'B', 'C'], ['a-very-long-cell-value', 'x', 'y']])).toBe(
      'A                        B                   C\n' +
      'a-very-long-cell-value   x                   y\n',
    );
  });
});

describe('crictl pods', () => {
  const pods = [pod(POD_A, 'nginx', 'default', 75), pod(POD_B, 'coredns-5d78c9869d-abcde', 'kube-system', 5, 'SANDBOX_NOTREADY')];

  it('prints newest first with crictl columns', () => {
    expect(formatPods(selectPods(pods, {}), {}, clock)).toBe(
      'POD ID              CREATED              STATE               NAME                       NAMESPACE           ATTEMPT             RUNTIME\n' +
      'b1c2d3e4f5a6b       5 seconds ago        NotReady            coredns-5d78c9869d-abcde   kube-system         0                   (default)\n' +
      'a4a9d1e8a7e5c       About a minute ago   Ready               nginx                      default             0                   (default)\n',
    );
  });

  it('filters by name and namespace regexps, --latest, --last, -q and --no-trunc', () => {
    expect(selectPods(pods, { namespaceRegexp: '^def' }).map((p) => p.id)).toEqual([POD_A]);
    expect(selectPods(pods, { nameRegexp: 'dns' }).map((p) => p.id)).toEqual([POD_B]);
    expect(selectPods(pods, { nameRegexp: '(' })).toEqual([]);
    expect(selectPods(pods, { latest: true }).map((p) => p.id)).toEqual([POD_B]);
    expect(selectPods(pods, { last: 5 })).toHaveLength(2);
    expect(formatPods(pods, { quiet: true }, clock)).toBe(`${POD_A}\n${POD_B}\n`);
    expect(formatPods([pods[0] as PodSandbox], { noTrunc: true }, clock).split('\n')[1]).toBe(
      `${POD_A}   About a minute ago   Ready               nginx               default             0                   (default)`,
    );
  });

  it('prints -v blocks', () => {
    const p = { ...pod(POD_A, 'nginx', 'default', 75), labels: { b: '2', a: '1' } };
    expect(formatPods([p], { verbose: true }, clock)).toBe(
      `ID: ${POD_A}\nName: nginx\nUID: uid-nginx\nNamespace: default\nStatus: Ready\nCreated: 2024-05-01 11:58:45 +0000 UTC\nLabels:\n\ta -> 1\n\tb -> 2\nRuntime: (default)\n\n`,
    );
  });
});

describe('crictl ps', () => {
  const container = (id: string, name: string, createdAgo: number, state: Container['state'], labels: Record<string, string>): Container => ({
    id, podSandboxId: POD_A, metadata: { name, attempt: 1 }, image: { image: IMG, annotations: {} }, imageRef: IMG, state, createdAt: agoNs(createdAgo), labels, annotations: {},
  });
  const kube = { 'io.kubernetes.pod.name': 'nginx', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.container.name': 'nginx' };
  const list = [container('c0ffee0123456789abcdef', 'nginx', 3600 * 3, 'CONTAINER_RUNNING', kube), container('deadbeef0123456789', 'sidecar', 30, 'CONTAINER_EXITED', {})];

  it('prints CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE', () => {
    expect(formatContainers(selectContainers(list, {}), {}, clock)).toBe(
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE\n' +
      'deadbeef01234       605c77e624ddb       30 seconds ago      Exited              sidecar             1                   a4a9d1e8a7e5c       unknown             unknown\n' +
      'c0ffee0123456       605c77e624ddb       3 hours ago         Running             nginx               1                   a4a9d1e8a7e5c       nginx               default\n',
    );
  });

  it('shows image ids only when they are digests, filters by namespace label', () => {
    expect(shortImage(IMG)).toBe('605c77e624ddb');
    expect(shortImage('docker.io/library/nginx:latest')).toBe('docker.io/library/nginx:latest');
    expect(shortImage('sha256:abc')).toBe('sha256:abc');
    expect(selectContainers(list, { namespaceRegexp: 'default' }).map((c) => c.metadata?.name)).toEqual(['nginx']);
    expect(formatContainers(list, { quiet: true }, clock)).toBe('c0ffee0123456789abcdef\ndeadbeef0123456789\n');
  });
});

describe('crictl images', () => {
  const image = (id: string, tags: string[], digests: string[], size: number): Image => ({ id, repoTags: tags, repoDigests: digests, size, uid: null, username: '', spec: null, pinned: false });
  const images = sortImages([
    image(IMG, ['docker.io/library/nginx:latest'], ['docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31'], 5_907_169),
    image('sha256:6270bb605e12e581514ada5fd5b3216f727db55dc87d5889c790e4c760683fee', ['registry.k8s.io/pause:3.6'], [], 304_767),
    image('sha256:1111111111111111111111111111111111111111111111111111111111111111', [], ['docker.io/library/busybox@sha256:2222222222222222222222222222222222222222222222222222222222222222'], 1_037_265),
  ]);

  it('prints IMAGE TAG IMAGE ID SIZE, sorted as crictl sorts (tags, else digests, else ids), <none> for untagged', () => {
    expect(formatImages(images, {})).toBe(
      'IMAGE                       TAG                 IMAGE ID            SIZE\n' +
      'docker.io/library/busybox   <none>              1111111111111       1.04MB\n' +
      'docker.io/library/nginx     latest              605c77e624ddb       5.91MB\n' +
      'registry.k8s.io/pause       3.6                 6270bb605e12e       305kB\n',
    );
  });

  it('adds DIGEST with --digests, and -q prints full ids', () => {
    expect(formatImages(images.filter((i) => i.id === IMG), { digests: true }).split('\n')[1]).toBe(
      'docker.io/library/nginx   latest              0d17b565c37bc       605c77e624ddb       5.91MB',
    );
    expect(formatImages(images, { quiet: true }).split('\n')[1]).toBe(IMG);
  });

  it('filters dangling and reference', () => {
    expect(filterImages(images, ['dangling=true']).map((i) => i.repoDigests[0])).toEqual(['docker.io/library/busybox@sha256:2222222222222222222222222222222222222222222222222222222222222222']);
    expect(filterImages(images, ['reference=nginx'])).toHaveLength(1);
    expect(() => filterImages(images, ['nope=1'])).toThrow('unknown filter flag: nope=1');
  });
});

describe('crictl version and stats', () => {
  it('prints the runtime version as crictl does (fmt.Println with two spaces)', () => {
    expect(formatVersion({ version: '0.1.0', runtimeName: 'containerd', runtimeVersion: '1.6.20~ds1', runtimeApiVersion: 'v1' })).toBe(
      'Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  1.6.20~ds1\nRuntimeApiVersion:  v1\n',
    );
  });

  it('computes CPU % from two samples and skips idle and new containers', () => {
    const stat = (id: string, name: string, ts: number, cpu: number, mem: number): ContainerStats => ({
      attributes: { id, metadata: { name, attempt: 0 }, labels: {}, annotations: {} },
      cpu: { timestamp: ts, usageCoreNanoSeconds: { value: cpu }, usageNanoCores: null },
      memory: { timestamp: ts, workingSetBytes: { value: mem }, availableBytes: null, usageBytes: null, rssBytes: null, pageFaults: null, majorPageFaults: null },
      writableLayer: { timestamp: ts, fsId: null, usedBytes: { value: 12_288 }, inodesUsed: { value: 7 } },
    });
    const before = [stat('aaaaaaaaaaaaaaaa', 'web', 1e9, 5e8, 4_000_000), stat('cccccccccccccccc', 'idle', 1e9, 0, 0)];
    const after = [stat('aaaaaaaaaaaaaaaa', 'web', 2e9, 7.5e8, 4_194_304), stat('bbbbbbbbbbbbbbbb', 'new', 2e9, 1e8, 1), stat('cccccccccccccccc', 'idle', 2e9, 0, 0)];
    expect(formatStats(before, after, false)).toBe(
      'CONTAINER           NAME                CPU %               MEM                 DISK                INODES\n' +
      'aaaaaaaaaaaaa       web                 25.00               4.194MB             12.29kB             7\n',
    );
    expect(formatStats(before, after, true).split('\n')[2]).toBe('ccccccccccccc       idle                0.00                0B                  12.29kB             7');
  });
});
