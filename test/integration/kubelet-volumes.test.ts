// Real mounts: emptyDir medium Memory and secret volumes are tmpfs mounts made with mount(8),
// visible in /proc/self/mountinfo, size-limited by the kernel, and gone after cleanupVolumes.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemMounter } from '../../agent/kubelet/mounter.js';
import type { Pod } from '../../agent/kubelet/pod-types.js';
import { cleanupVolumes, prepareVolumes, type VolumeDeps } from '../../agent/kubelet/volumes.js';
import { requireTool } from './support/tools.js';

interface MountinfoEntry {
  mountPoint: string;
  fsType: string;
  superOptions: string;
}

async function mountinfo(): Promise<MountinfoEntry[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').filter((l) => l.includes(' - ')).map((line) => {
    const [left = '', right = ''] = line.split(' - ');
    const r = right.split(' ');
    return { mountPoint: left.split(' ')[4] ?? '', fsType: r[0] ?? '', superOptions: r[2] ?? '' };
  });
}

async function mountsAt(dir: string): Promise<MountinfoEntry[]> {
  return (await mountinfo()).filter((m) => m.mountPoint === dir);
}

const root = path.join('/tmp', `k8slab-kubelet-volumes-${process.pid}-${randomBytes(4).toString('hex')}`);
const podDir = path.join(root, 'pods', 'uid-volumes');
const shmDir = path.join(podDir, 'volumes/kubernetes.io~empty-dir/shm');
const secretDir = path.join(podDir, 'volumes/kubernetes.io~secret/creds');
const diskDir = path.join(podDir, 'volumes/kubernetes.io~empty-dir/disk');

const pod: Pod = {
  metadata: { name: 'vol-test', namespace: 'default', uid: 'uid-volumes' },
  spec: {
    containers: [{ name: 'app', resources: { limits: { memory: '64Mi' } } }],
    volumes: [
      { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
      { name: 'creds', secret: { secretName: 'creds' } },
      { name: 'disk', emptyDir: {} },
    ],
  },
};

const deps: VolumeDeps = {
  getConfigMap: () => undefined,
  getSecret: (_ns, name) => (name === 'creds' ? { metadata: { name }, data: { password: Buffer.from('s3cr3t').toString('base64') } } : undefined),
  nodeAllocatable: { memory: '1Gi' },
};

beforeAll(async () => {
  requireTool('mount');
  requireTool('umount');
  await mkdir(podDir, { recursive: true });
});

afterAll(async () => {
  // Whatever happened above, leave no mount behind (only ours: everything under our unique root).
  for (const m of await systemMounter.mountsUnder(root)) await systemMounter.unmount(m.mountPoint).catch(() => undefined);
  if ((await systemMounter.mountsUnder(root)).length === 0) await rm(root, { recursive: true, force: true });
});

describe('kubelet volumes on a real node filesystem', () => {
  it('emptyDir medium Memory and secret volumes are tmpfs mounts sized like the kubelet sizes them', async () => {
    const vols = await prepareVolumes(pod, podDir, deps);
    expect(vols.get('shm')?.hostPath).toBe(shmDir);

    const shm = await mountsAt(shmDir);
    expect(shm).toHaveLength(1);
    expect(shm[0]?.fsType).toBe('tmpfs');
    expect(shm[0]?.superOptions.split(',')).toContain('size=16384k'); // sizeLimit 16Mi

    const secret = await mountsAt(secretDir);
    expect(secret).toHaveLength(1);
    expect(secret[0]?.fsType).toBe('tmpfs');
    expect(secret[0]?.superOptions.split(',')).toContain('size=65536k'); // the pod's 64Mi memory limit
    expect(await readFile(path.join(secretDir, 'password'), 'utf8')).toBe('s3cr3t');

    expect(await mountsAt(diskDir)).toEqual([]); // a plain emptyDir is a directory on disk
    expect((await stat(diskDir)).isDirectory()).toBe(true);
  });

  it('the kernel enforces the size limit', async () => {
    await writeFile(path.join(shmDir, 'fits'), Buffer.alloc(8 * 1024 * 1024));
    await expect(writeFile(path.join(shmDir, 'too-big'), Buffer.alloc(16 * 1024 * 1024))).rejects.toThrow(/ENOSPC/);
  });

  it('setting up again does not stack a second mount', async () => {
    await prepareVolumes(pod, podDir, deps);
    expect(await mountsAt(shmDir)).toHaveLength(1);
    expect(await mountsAt(secretDir)).toHaveLength(1);
    expect((await stat(path.join(shmDir, 'fits'))).size).toBe(8 * 1024 * 1024); // the same tmpfs, content kept
  });

  it('cleanupVolumes unmounts the tmpfs mounts and removes the volumes', async () => {
    await cleanupVolumes(podDir);
    expect(await mountsAt(shmDir)).toEqual([]);
    expect(await mountsAt(secretDir)).toEqual([]);
    expect((await mountinfo()).filter((m) => m.mountPoint.startsWith(root))).toEqual([]);
    await expect(stat(path.join(podDir, 'volumes'))).rejects.toThrow(/ENOENT/);
  });
});
