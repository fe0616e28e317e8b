// The agent's image garbage collector on a real containerd: over the high threshold it
// removes images no container uses and keeps the sandbox image and images in use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCri } from '../../agent/cri/cri-client.js';
import type { CriClient } from '../../agent/cri/cri-client.js';
import { ImageGc } from '../../agent/kubelet/image-gc.js';
import { startContainerd } from '../../main/vm/host/containerd.js';
import type { ContainerdHandle } from '../../main/vm/host/containerd.js';
import { buildBusyboxLayout, importLayout, requireContainerdTools } from './support/containerd.js';

let dir: string;
let containerd: ContainerdHandle;
let cri: CriClient;

beforeAll(async () => {
  requireContainerdTools();
  dir = mkdtempSync(join(tmpdir(), 'k8s-lab-imagegc-'));
  containerd = await startContainerd({ dir: join(dir, 'node') });
  cri = connectCri(containerd.socket);
  const layout = buildBusyboxLayout(join(dir, 'work'), [
    { ref: 'registry.k8s.io/pause:3.6', cmd: ['sleep', '3600'] },
    { ref: 'docker.io/library/busybox:latest', cmd: ['sh'] },
    { ref: 'docker.io/library/unused:v1', cmd: ['echo', 'unused'] },
  ]);
  importLayout(containerd.socket, layout, dir);
}, 60_000);

afterAll(async () => {
  cri?.close();
  await containerd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('image GC', () => {
  it('removes unused images over the threshold, never the sandbox image or an image in use', async () => {
    const { podSandboxId } = await cri.runPodSandbox({
      config: { metadata: { name: 'gc', namespace: 'default', uid: 'gc-uid' }, logDirectory: join(dir, 'logs'), linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } } } },
    });
    const { containerId } = await cri.createContainer({
      podSandboxId,
      config: { metadata: { name: 'c' }, image: { image: 'docker.io/library/busybox:latest' }, command: ['sleep', '60'], logPath: 'c.log' },
      sandboxConfig: { metadata: { name: 'gc', namespace: 'default', uid: 'gc-uid' }, logDirectory: join(dir, 'logs') },
    });
    expect(containerId).toMatch(/^[0-9a-f]{64}$/);
    // thresholds at 0 %: any usage is "over", and nothing is enough to free
    const gc = new ImageGc(cri, { highPercent: 0, lowPercent: 0, sandboxImage: 'registry.k8s.io/pause:3.6' }, () => undefined);
    await gc.run();
    const tags = (await cri.listImages({})).images.flatMap((i) => i.repoTags);
    expect(tags).toContain('registry.k8s.io/pause:3.6');
    expect(tags).toContain('docker.io/library/busybox:latest');
    expect(tags).not.toContain('docker.io/library/unused:v1');
  }, 60_000);
});
