import { createServer, type Server } from 'node:net';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mounter, MountPoint } from './mounter.js';
import type { ConfigMap, Pod, Secret, Volume } from './pod-types.js';
import { cleanupVolumes, prepareVolumes, tmpfsSize, updateVolumes, VolumeError, type VolumeDeps } from './volumes.js';

/**
 * Unit specs run unprivileged, so mounts are recorded instead of made; the real tmpfs is proven in
 * test/integration/kubelet-volumes.test.ts. Everything else here touches the real filesystem.
 */
class RecordingMounter implements Mounter {
  readonly mounted = new Map<string, bigint | undefined>();
  readonly calls: string[] = [];
  failUnmount = false;
  mountTmpfs(dir: string, size?: bigint): Promise<void> {
    this.calls.push(`mount ${dir} ${size ?? 'default'}`);
    this.mounted.set(path.resolve(dir), size);
    return Promise.resolve();
  }
  unmount(dir: string): Promise<void> {
    this.calls.push(`umount ${dir}`);
    if (this.failUnmount) return Promise.reject(new Error('target is busy'));
    this.mounted.delete(dir);
    return Promise.resolve();
  }
  mountsUnder(dir: string): Promise<MountPoint[]> {
    const root = path.resolve(dir);
    return Promise.resolve([...this.mounted.keys()]
      .filter((m) => m === root || m.startsWith(`${root}/`))
      .map((m) => ({ mountPoint: m, fsType: 'tmpfs', source: 'tmpfs', options: '' })));
  }
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

const TS_DIR_RE = /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}$/;

let root: string;
let podDir: string;
let mounter: RecordingMounter;
let configMaps: Map<string, ConfigMap>;
let secrets: Map<string, Secret>;
let events: string[];

function deps(over: Partial<VolumeDeps> = {}): VolumeDeps {
  return {
    getConfigMap: (ns, name) => configMaps.get(`${ns}/${name}`),
    getSecret: (ns, name) => Promise.resolve(secrets.get(`${ns}/${name}`)),
    nodeAllocatable: { cpu: '4', memory: '8Gi' },
    mounter,
    recordEvent: (type, reason, message) => events.push(`${type} ${reason} ${message}`),
    ...over,
  };
}

function pod(volumes: Volume[], memoryLimit?: string): Pod {
  return {
    metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'say "hi"\n' } },
    spec: {
      containers: [{ name: 'app', resources: { limits: { cpu: '250m', ...(memoryLimit ? { memory: memoryLimit } : {}) } } }],
      volumes,
    },
  };
}

async function mode(p: string): Promise<number> {
  return (await stat(p)).mode & 0o7777;
}

async function errorOf(p: Promise<unknown>): Promise<VolumeError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(VolumeError);
  return err as VolumeError;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kubelet-volumes-'));
  podDir = path.join(root, 'pods', 'uid-1');
  mounter = new RecordingMounter();
  events = [];
  configMaps = new Map([['shop/settings', {
    metadata: { namespace: 'shop', name: 'settings' },
    data: { 'app.properties': 'color=blue\n', MODE: 'prod' },
    binaryData: { 'logo.bin': Buffer.from([0, 1, 2, 255]).toString('base64') },
  }]]);
  secrets = new Map([['shop/creds', { metadata: { namespace: 'shop', name: 'creds' }, data: { username: b64('admin'), password: b64('s3cr3t') } }]]);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('emptyDir', () => {
  it('is a 0777 directory in the kubelet layout', async () => {
    const vols = await prepareVolumes(pod([{ name: 'cache', emptyDir: {} }]), podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~empty-dir/cache');
    expect(vols.get('cache')).toEqual({ hostPath: dir, readOnly: false, kind: 'emptyDir' });
    expect(await mode(dir)).toBe(0o777);
    expect(mounter.calls).toEqual([]);
  });

  it('medium Memory mounts a tmpfs once, sized by sizeLimit, pod limit and node allocatable', async () => {
    const p = pod([{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    await prepareVolumes(p, podDir, deps());
    await prepareVolumes(p, podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~empty-dir/shm');
    expect(mounter.calls).toEqual([`mount ${dir} ${64 * 1024 * 1024}`]);
    expect(tmpfsSize(pod([], '256Mi'), undefined, { memory: '8Gi' })).toBe(256n * 1024n * 1024n);
    expect(tmpfsSize(pod([], '256Mi'), '1Gi', { memory: '8Gi' })).toBe(256n * 1024n * 1024n);
    expect(tmpfsSize(pod([]), undefined, { memory: '8Gi' })).toBe(8n * 1024n ** 3n);
    expect(tmpfsSize(pod([]), '10Mi', {})).toBe(10n * 1024n * 1024n);
    expect(tmpfsSize(pod([]), undefined, {})).toBeUndefined();
  });
});

describe('configMap', () => {
  it('projects every key through ..data into a timestamped directory, mode 0644', async () => {
    const now = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
    const vols = await prepareVolumes(pod([{ name: 'cfg', configMap: { name: 'settings' } }]), podDir, deps({ now: () => now }));
    const dir = path.join(podDir, 'volumes/kubernetes.io~configmap/cfg');
    expect(vols.get('cfg')).toEqual({ hostPath: dir, readOnly: true, kind: 'configMap' });
    const ts = await readlink(path.join(dir, '..data'));
    expect(ts).toMatch(TS_DIR_RE);
    expect(ts.startsWith('..2024_05_06_07_08_09.')).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([ts, '..data', 'MODE', 'app.properties', 'logo.bin'].sort());
    expect(await readlink(path.join(dir, 'app.properties'))).toBe('..data/app.properties');
    expect(await readFile(path.join(dir, 'app.properties'), 'utf8')).toBe('color=blue\n');
    expect([...(await readFile(path.join(dir, 'logo.bin')))]).toEqual([0, 1, 2, 255]);
    expect(await mode(path.join(dir, ts, 'MODE'))).toBe(0o644);
    expect(await mode(path.join(dir, ts))).toBe(0o755);
    expect(mounter.calls).toEqual([]); // configMap volumes are on disk
  });

  it('items map keys to nested paths with their own mode', async () => {
    const v: Volume = { name: 'cfg', configMap: { name: 'settings', defaultMode: 0o440, items: [{ key: 'app.properties', path: 'conf/app.properties', mode: 0o400 }, { key: 'MODE', path: 'mode' }] } };
    await prepareVolumes(pod([v]), podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~configmap/cfg');
    expect((await readdir(dir)).filter((n) => !n.startsWith('..')).sort()).toEqual(['conf', 'mode']);
    expect(await readlink(path.join(dir, 'conf'))).toBe('..data/conf');
    expect(await readFile(path.join(dir, 'conf/app.properties'), 'utf8')).toBe('color=blue\n');
    expect(await mode(path.join(dir, 'conf/app.properties'))).toBe(0o400);
    expect(await mode(path.join(dir, 'mode'))).toBe(0o440);
  });

  it('optional: a missing ConfigMap or key projects nothing', async () => {
    const vols = await prepareVolumes(pod([
      { name: 'a', configMap: { name: 'nope', optional: true } },
      { name: 'b', configMap: { name: 'settings', optional: true, items: [{ key: 'nope', path: 'x' }, { key: 'MODE', path: 'm' }] } },
    ]), podDir, deps());
    const a = vols.get('a')?.hostPath ?? '';
    expect((await readdir(a)).filter((n) => !n.startsWith('..'))).toEqual([]);
    expect(await readlink(path.join(a, '..data'))).toMatch(TS_DIR_RE);
    expect((await readdir(vols.get('b')?.hostPath ?? '')).filter((n) => !n.startsWith('..'))).toEqual(['m']);
  });

  it('fails with the FailedMount messages and creates nothing', async () => {
    let err = await errorOf(prepareVolumes(pod([{ name: 'cfg', configMap: { name: 'nope' } }]), podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found');
    expect(err.reason).toBe('FailedMount');
    expect(err.volumeName).toBe('cfg');
    await expect(lstat(path.join(podDir, 'volumes/kubernetes.io~configmap/cfg'))).rejects.toThrow(/ENOENT/);
    err = await errorOf(prepareVolumes(pod([{ name: 'cfg', configMap: { name: 'settings', items: [{ key: 'k', path: 'k' }] } }]), podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: k');
    err = await errorOf(prepareVolumes(pod([{ name: 'cfg', configMap: { name: 'settings', items: [{ key: 'MODE', path: '../escape' }] } }]), podDir, deps()));
    expect(err.message).toBe("MountVolume.SetUp failed for volume \"cfg\" : invalid path: must not contain '..': ../escape");
  });

  it('sets up the good volumes and reports every failure', async () => {
    const err = await errorOf(prepareVolumes(pod([
      { name: 'ok', emptyDir: {} }, { name: 'c1', configMap: { name: 'x' } }, { name: 's1', secret: { secretName: 'y' } }, { name: 'pvc', persistentVolumeClaim: { claimName: 'z' } },
    ]), podDir, deps()));
    expect(err.failures.map((f) => f.message)).toEqual([
      'MountVolume.SetUp failed for volume "c1" : configmap "x" not found',
      'MountVolume.SetUp failed for volume "s1" : secret "y" not found',
      'MountVolume.SetUp failed for volume "pvc" : no volume plugin matched',
    ]);
    expect(await mode(path.join(podDir, 'volumes/kubernetes.io~empty-dir/ok'))).toBe(0o777);
  });
});

describe('secret', () => {
  it('decodes values onto a tmpfs, defaultMode applies', async () => {
    const vols = await prepareVolumes(pod([{ name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } }], '128Mi'), podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~secret/creds');
    expect(vols.get('creds')).toEqual({ hostPath: dir, readOnly: true, kind: 'secret' });
    expect(mounter.calls).toEqual([`mount ${dir} ${128 * 1024 * 1024}`]);
    expect(await readFile(path.join(dir, 'password'), 'utf8')).toBe('s3cr3t');
    expect(await mode(path.join(dir, 'username'))).toBe(0o400);
  });

  it('a missing key fails unless optional', async () => {
    const err = await errorOf(prepareVolumes(pod([{ name: 'creds', secret: { secretName: 'creds', items: [{ key: 'token', path: 't' }] } }]), podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "creds" : references non-existent secret key: token');
    const vols = await prepareVolumes(pod([{ name: 'creds', secret: { secretName: 'gone', optional: true } }]), podDir, deps());
    expect((await readdir(vols.get('creds')?.hostPath ?? '')).filter((n) => !n.startsWith('..'))).toEqual([]);
  });
});

describe('downwardAPI and projected', () => {
  it('writes metadata fields and resource values', async () => {
    const v: Volume = {
      name: 'info',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
          { path: 'meta/name', fieldRef: { fieldPath: 'metadata.name' }, mode: 0o600 },
          { path: 'cpu_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
          { path: 'mem_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
        ],
      },
    };
    const dir = (await prepareVolumes(pod([v]), podDir, deps())).get('info')?.hostPath ?? '';
    expect(dir).toBe(path.join(podDir, 'volumes/kubernetes.io~downward-api/info'));
    expect(await readFile(path.join(dir, 'labels'), 'utf8')).toBe('app="web"\ntier="front"');
    expect(await readFile(path.join(dir, 'annotations'), 'utf8')).toBe('note="say \\"hi\\"\\n"');
    expect(await readFile(path.join(dir, 'meta/name'), 'utf8')).toBe('web-0');
    expect(await mode(path.join(dir, 'meta/name'))).toBe(0o600);
    expect(await readFile(path.join(dir, 'cpu_limit'), 'utf8')).toBe('250');
    expect(await readFile(path.join(dir, 'mem_limit'), 'utf8')).toBe('8192'); // node allocatable: no memory limit
  });

  it('aggregates downward API errors', async () => {
    const v: Volume = { name: 'info', downwardAPI: { items: [{ path: 'a', fieldRef: { fieldPath: 'spec.nodeName' } }, { path: 'b', resourceFieldRef: { containerName: 'gone', resource: 'limits.cpu' } }] } };
    const err = await errorOf(prepareVolumes(pod([v]), podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "info" : [unsupported fieldPath: spec.nodeName, container gone not found]');
  });

  it('projected merges its sources on a tmpfs; a serviceAccountToken source is skipped with a warning', async () => {
    const v: Volume = {
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o444,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'settings', items: [{ key: 'MODE', path: 'mode' }] } },
          { secret: { name: 'creds', items: [{ key: 'username', path: 'user' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    };
    const vols = await prepareVolumes(pod([v]), podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~projected/kube-api-access');
    expect(vols.get('kube-api-access')).toEqual({ hostPath: dir, readOnly: true, kind: 'projected' });
    expect(mounter.calls).toHaveLength(1);
    expect((await readdir(dir)).filter((n) => !n.startsWith('..')).sort()).toEqual(['mode', 'namespace', 'user']);
    expect(await readFile(path.join(dir, 'namespace'), 'utf8')).toBe('shop');
    expect(await mode(path.join(dir, 'user'))).toBe(0o444);
    expect(events).toEqual(['Warning FailedMount MountVolume.SetUp skipped serviceAccountToken source (path "token") of volume "kube-api-access": service account tokens are not supported on this node']);

    await updateVolumes(pod([v]), podDir, deps({ getServiceAccountToken: () => 'eyJ.token' }));
    expect(await readFile(path.join(dir, 'token'), 'utf8')).toBe('eyJ.token');
  });

  it('projected reports all failing sources', async () => {
    const v: Volume = { name: 'p', projected: { sources: [{ configMap: { name: 'a' } }, { secret: { name: 'b' } }] } };
    const err = await errorOf(prepareVolumes(pod([v]), podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "p" : [configmap "a" not found, secret "b" not found]');
  });
});

describe('hostPath', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('creates what the type asks for and checks the rest with the kubelet messages', async () => {
    const host = path.join(root, 'host');
    await mkdir(host);
    await writeFile(path.join(host, 'file'), 'x');
    const sock = path.join(host, 'sock');
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(sock, resolve));
    const ok = await prepareVolumes(pod([
      { name: 'plain', hostPath: { path: path.join(host, 'anything') } },
      { name: 'mkdir', hostPath: { path: path.join(host, 'a/b'), type: 'DirectoryOrCreate' } },
      { name: 'touch', hostPath: { path: path.join(host, 'new-file'), type: 'FileOrCreate' } },
      { name: 'file', hostPath: { path: path.join(host, 'file'), type: 'File' } },
      { name: 'dir', hostPath: { path: host, type: 'Directory' } },
      { name: 'sock', hostPath: { path: sock, type: 'Socket' } },
      { name: 'null', hostPath: { path: '/dev/null', type: 'CharDevice' } },
    ]), podDir, deps());
    expect(ok.get('mkdir')).toEqual({ hostPath: path.join(host, 'a/b'), readOnly: false, kind: 'hostPath' });
    expect(await mode(path.join(host, 'a/b'))).toBe(0o755);
    expect((await stat(path.join(host, 'new-file'))).isFile()).toBe(true);
    expect(await mode(path.join(host, 'new-file'))).toBe(0o644);

    const bad = await errorOf(prepareVolumes(pod([
      { name: 'v1', hostPath: { path: path.join(host, 'file'), type: 'Directory' } },
      { name: 'v2', hostPath: { path: host, type: 'File' } },
      { name: 'v3', hostPath: { path: host, type: 'Socket' } },
      { name: 'v4', hostPath: { path: host, type: 'CharDevice' } },
      { name: 'v5', hostPath: { path: '/dev/null', type: 'BlockDevice' } },
      { name: 'v6', hostPath: { path: path.join(host, 'file'), type: 'DirectoryOrCreate' } },
      { name: 'v7', hostPath: { path: host, type: 'Pipe' } },
      { name: 'v8', hostPath: { path: `${host}/../etc`, type: '' } },
      { name: 'v9', hostPath: { path: path.join(host, 'missing/dir/f'), type: 'FileOrCreate' } },
    ]), podDir, deps()));
    expect(bad.failures.map((f) => f.message)).toEqual([
      `MountVolume.SetUp failed for volume "v1" : hostPath type check failed: ${host}/file is not a directory`,
      `MountVolume.SetUp failed for volume "v2" : hostPath type check failed: ${host} is not a file`,
      `MountVolume.SetUp failed for volume "v3" : hostPath type check failed: ${host} is not a socket file`,
      `MountVolume.SetUp failed for volume "v4" : hostPath type check failed: ${host} is not a character device`,
      'MountVolume.SetUp failed for volume "v5" : hostPath type check failed: /dev/null is not a block device',
      `MountVolume.SetUp failed for volume "v6" : hostPath type check failed: ${host}/file is not a directory`,
      'MountVolume.SetUp failed for volume "v7" : Pipe is an invalid volume type',
      `MountVolume.SetUp failed for volume "v8" : invalid HostPath \`${host}/../etc\`: must not contain '..'`,
      `MountVolume.SetUp failed for volume "v9" : open ${host}/missing/dir/f: no such file or directory`,
    ]);
  });
});

describe('updateVolumes', () => {
  it('switches ..data to a new directory, drops removed keys and the old directory', async () => {
    const p = pod([{ name: 'cfg', configMap: { name: 'settings' } }, { name: 'cache', emptyDir: {} }]);
    await prepareVolumes(p, podDir, deps());
    const dir = path.join(podDir, 'volumes/kubernetes.io~configmap/cfg');
    const oldTs = await readlink(path.join(dir, '..data'));
    expect(await updateVolumes(p, podDir, deps())).toEqual([]);
    expect(await readlink(path.join(dir, '..data'))).toBe(oldTs);

    configMaps.set('shop/settings', { metadata: { namespace: 'shop', name: 'settings' }, data: { MODE: 'staging', NEW: 'yes' } });
    expect(await updateVolumes(p, podDir, deps())).toEqual(['cfg']);
    const newTs = await readlink(path.join(dir, '..data'));
    expect(newTs).not.toBe(oldTs);
    expect(await readFile(path.join(dir, 'MODE'), 'utf8')).toBe('staging');
    expect(await readFile(path.join(dir, 'NEW'), 'utf8')).toBe('yes');
    expect((await readdir(dir)).sort()).toEqual([newTs, '..data', 'MODE', 'NEW'].sort());
  });

  it('a reader never sees a partial or missing file while the content changes', async () => {
    const p = pod([{ name: 'cfg', configMap: { name: 'settings', items: [{ key: 'MODE', path: 'mode' }] } }]);
    await prepareVolumes(p, podDir, deps());
    const file = path.join(podDir, 'volumes/kubernetes.io~configmap/cfg/mode');
    const versions = Array.from({ length: 30 }, (_v, i) => `version-${i}-`.repeat(2000));
    const seen = new Set<string>();
    let done = false;
    const reader = (async () => {
      while (!done) seen.add(await readFile(file, 'utf8'));
    })();
    for (const v of versions) {
      configMaps.set('shop/settings', { metadata: { namespace: 'shop', name: 'settings' }, data: { MODE: v } });
      await updateVolumes(p, podDir, deps());
    }
    done = true;
    await reader;
    for (const s of seen) expect(s === 'prod' || versions.includes(s)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(versions[29]);
  });

  it('keeps the old content when the object disappears', async () => {
    const p = pod([{ name: 'cfg', configMap: { name: 'settings' } }]);
    await prepareVolumes(p, podDir, deps());
    configMaps.clear();
    const err = await errorOf(updateVolumes(p, podDir, deps()));
    expect(err.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "settings" not found');
    expect(await readFile(path.join(podDir, 'volumes/kubernetes.io~configmap/cfg/MODE'), 'utf8')).toBe('prod');
  });
});

describe('cleanupVolumes', () => {
  it('unmounts every tmpfs, then removes the volumes', async () => {
    const p = pod([{ name: 'shm', emptyDir: { medium: 'Memory' } }, { name: 'creds', secret: { secretName: 'creds' } }, { name: 'cfg', configMap: { name: 'settings' } }]);
    await prepareVolumes(p, podDir, deps());
    expect(mounter.mounted.size).toBe(2);
    await writeFile(path.join(podDir, 'etc-hosts'), 'x');
    await cleanupVolumes(podDir, { mounter });
    expect(mounter.mounted.size).toBe(0);
    await expect(lstat(path.join(podDir, 'volumes'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(podDir, 'etc-hosts'), 'utf8')).toBe('x');
    await cleanupVolumes(podDir, { mounter, removePodDir: true });
    await expect(lstat(podDir)).rejects.toThrow(/ENOENT/);
  });

  it('removes nothing when an unmount fails', async () => {
    await prepareVolumes(pod([{ name: 'shm', emptyDir: { medium: 'Memory' } }]), podDir, deps());
    mounter.failUnmount = true;
    const err = await errorOf(cleanupVolumes(podDir, { mounter }));
    expect(err.message).toBe('UnmountVolume.TearDown failed for volume "shm" : target is busy');
    expect((await stat(path.join(podDir, 'volumes/kubernetes.io~empty-dir/shm'))).isDirectory()).toBe(true);
  });
});
