import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  containerMounts, expandSubPathExpr, managedHostsFileContent, MountsError, terminationLogHostPath, translateMountPropagation, type CriMount,
} from './mounts.js';
import type { Container, Pod } from './pod-types.js';
import { prepareVolumes, type PreparedVolume } from './volumes.js';

let root: string;
let podDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kubelet-mounts-'));
  podDir = path.join(root, 'pods', 'uid-1');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function pod(container: Container, spec: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1' },
    spec: {
      containers: [container],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'settings' } }],
      ...spec,
    },
    status: { podIPs: [{ ip: '10.244.1.7' }] },
  };
}

async function volumesFor(p: Pod): Promise<Map<string, PreparedVolume>> {
  return prepareVolumes(p, podDir, {
    getConfigMap: () => ({ metadata: { name: 'settings' }, data: { 'app.conf': 'x=1\n' } }),
    getSecret: () => undefined,
    nodeAllocatable: {},
  });
}

async function mountsOf(container: Container, spec: Partial<Pod['spec']> = {}, opts: Parameters<typeof containerMounts>[4] = {}): Promise<CriMount[]> {
  const p = pod(container, spec);
  return containerMounts(p, container, await volumesFor(p), podDir, opts);
}

async function errorOf(p: Promise<unknown>): Promise<MountsError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MountsError);
  return err as MountsError;
}

describe('volume mounts', () => {
  it('maps volumeMounts to CRI mounts; API-backed volumes are read-only', async () => {
    const mounts = await mountsOf({
      name: 'app',
      terminationMessagePath: '',
      volumeMounts: [
        { name: 'data', mountPath: '/data' },
        { name: 'data', mountPath: '/ro', readOnly: true, mountPropagation: 'HostToContainer' },
        { name: 'cfg', mountPath: '/etc/app' },
      ],
    });
    const vol = (n: string): string => path.join(podDir, 'volumes', n);
    expect(mounts).toEqual([
      { containerPath: '/data', hostPath: vol('kubernetes.io~empty-dir/data'), readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' },
      { containerPath: '/ro', hostPath: vol('kubernetes.io~empty-dir/data'), readonly: true, selinuxRelabel: false, propagation: 'PROPAGATION_HOST_TO_CONTAINER' },
      { containerPath: '/etc/app', hostPath: vol('kubernetes.io~configmap/cfg'), readonly: true, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' },
      { containerPath: '/etc/hosts', hostPath: path.join(podDir, 'etc-hosts'), readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE' },
    ]);
  });

  it('translates propagation modes', () => {
    expect([undefined, 'None', 'HostToContainer', 'Bidirectional'].map((m) => translateMountPropagation(m as 'None' | undefined)))
      .toEqual(['PROPAGATION_PRIVATE', 'PROPAGATION_PRIVATE', 'PROPAGATION_HOST_TO_CONTAINER', 'PROPAGATION_BIDIRECTIONAL']);
    expect(() => translateMountPropagation('Sideways' as 'None')).toThrow('invalid MountPropagation mode: "Sideways"');
  });

  it('creates a missing subPath with the volume mode; a subPath to a configMap key is resolved', async () => {
    const mounts = await mountsOf({
      name: 'app',
      terminationMessagePath: '',
      volumeMounts: [{ name: 'data', mountPath: '/logs', subPath: 'logs/app' }, { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' }],
    });
    const logs = path.join(podDir, 'volumes/kubernetes.io~empty-dir/data/logs/app');
    expect(mounts[0]?.hostPath).toBe(logs);
    expect((await stat(logs)).mode & 0o777).toBe(0o777);
    expect(mounts[1]?.hostPath).toMatch(/kubernetes\.io~configmap\/cfg\/\.\.\d{4}_[\d_]+\.\d{9}\/app\.conf$/);
    expect(await readFile(mounts[1]?.hostPath ?? '', 'utf8')).toBe('x=1\n');
  });

  it('expands subPathExpr with the container env', async () => {
    const mounts = await mountsOf(
      { name: 'app', terminationMessagePath: '', volumeMounts: [{ name: 'data', mountPath: '/out', subPathExpr: 'pods/$(POD_NAME)' }] },
      {},
      { env: [{ key: 'POD_NAME', value: 'web-0' }] },
    );
    expect(mounts[0]?.hostPath).toBe(path.join(podDir, 'volumes/kubernetes.io~empty-dir/data/pods/web-0'));
    expect(() => expandSubPathExpr('$(B)/$(A)/$(C)', [{ key: 'C', value: 'c' }, { key: 'A', value: '' }])).toThrow('missing value for A, B');
  });

  it('rejects bad subPaths and unknown volumes with the kubelet messages', async () => {
    const c = (subPath: string, name = 'data'): Container => ({ name: 'app', volumeMounts: [{ name, mountPath: '/x', subPath }] });
    expect((await errorOf(mountsOf(c('/etc')))).message).toBe('error SubPath `/etc` must not be an absolute path');
    expect((await errorOf(mountsOf(c('a/../../b')))).message).toBe("unable to provision SubPath `a/../../b`: must not contain '..'");
    expect((await errorOf(mountsOf(c('', 'nope')))).message).toBe('cannot find volume "nope" to mount into container "app"');
    const p = pod(c('escape'));
    const vols = await volumesFor(p);
    await symlink('/etc', path.join(podDir, 'volumes/kubernetes.io~empty-dir/data/escape'));
    expect((await errorOf(containerMounts(p, c('escape'), vols, podDir))).message)
      .toBe('failed to prepare subPath for volumeMount "data" of container "app"');
  });
});

describe('/etc/hosts', () => {
  it('writes the kubelet-managed hosts file', async () => {
    await mountsOf({ name: 'app', terminationMessagePath: '' }, {
      hostname: 'db-0', subdomain: 'db', hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }],
    }, { podIPs: ['10.244.1.7', 'fd00::7'] });
    expect(await readFile(path.join(podDir, 'etc-hosts'), 'utf8')).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
      + 'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n'
      + '10.244.1.7\tdb-0.db.shop.svc.cluster.local\tdb-0\nfd00::7\tdb-0.db.shop.svc.cluster.local\tdb-0\n'
      + '\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n',
    );
    expect((await stat(path.join(podDir, 'etc-hosts'))).mode & 0o777).toBe(0o644);
    expect(managedHostsFileContent(['10.0.0.5'], 'web-0', '').endsWith('fe00::2\tip6-allrouters\n10.0.0.5\tweb-0\n')).toBe(true);
  });

  it('is not managed without a pod IP, or when the container mounts its own', async () => {
    const noIP = await mountsOf({ name: 'app', terminationMessagePath: '' }, {}, { podIPs: [] });
    expect(noIP).toEqual([]);
    const own = await mountsOf({ name: 'app', terminationMessagePath: '', volumeMounts: [{ name: 'data', mountPath: '/etc/hosts', subPath: 'hosts' }] });
    expect(own.map((m) => m.containerPath)).toEqual(['/etc/hosts']);
    expect(own[0]?.hostPath).toContain('kubernetes.io~empty-dir');
  });

  it('copies the node hosts file for hostNetwork pods', async () => {
    const nodeHosts = path.join(root, 'hosts');
    await writeFile(nodeHosts, '127.0.0.1\tlocalhost\n10.0.0.11\tnode-1\n');
    await mountsOf({ name: 'app', terminationMessagePath: '' }, { hostNetwork: true }, { podIPs: [], nodeHostsFile: nodeHosts });
    expect(await readFile(path.join(podDir, 'etc-hosts'), 'utf8')).toBe('# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n10.0.0.11\tnode-1\n');
  });
});

describe('termination log', () => {
  it('mounts a fresh empty 0666 file at terminationMessagePath', async () => {
    const c: Container = { name: 'app' };
    const first = await mountsOf(c);
    const second = await mountsOf(c);
    const m = first.find((x) => x.containerPath === '/dev/termination-log');
    expect(m?.hostPath).toMatch(new RegExp(`^${podDir}/containers/app/[0-9a-f]{8}$`));
    expect(await readFile(m?.hostPath ?? '', 'utf8')).toBe('');
    expect((await stat(m?.hostPath ?? '')).mode & 0o777).toBe(0o666);
    expect(terminationLogHostPath(c, first)).toBe(m?.hostPath);
    expect(terminationLogHostPath(c, second)).not.toBe(m?.hostPath);
    const custom = await mountsOf({ name: 'app', terminationMessagePath: '/tmp/why' });
    expect(custom.map((x) => x.containerPath)).toEqual(['/etc/hosts', '/tmp/why']);
  });

  it('two mounts of one subPath share its directory', async () => {
    const mounts = await mountsOf({ name: 'app', terminationMessagePath: '', volumeMounts: [{ name: 'data', mountPath: '/a', subPath: 'same' }, { name: 'data', mountPath: '/b', subPath: 'same' }] });
    expect(mounts[0]?.hostPath).toBe(mounts[1]?.hostPath);
  });
});
