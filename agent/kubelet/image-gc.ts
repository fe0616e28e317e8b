// The kubelet's image garbage collector (pkg/kubelet/images/image_gc_manager.go): every
// 5 minutes, when the image filesystem is fuller than imageGCHighThresholdPercent,
// remove images no container uses, least recently used first, until usage is below
// imageGCLowThresholdPercent. The sandbox (pause) image is never removed.
import { statfsSync } from 'node:fs';
import type { CriClient } from '../cri/cri-client.js';

export interface GcImage {
  id: string;
  size: number;
  /** ms since the epoch when a container last used it (0 = never seen in use) */
  lastUsed: number;
  pinned: boolean;
}

/** which images to remove to bring `used` of `capacity` down to the low threshold */
export function imagesToRemove(images: GcImage[], inUse: Set<string>, used: number, capacity: number, highPercent: number, lowPercent: number): GcImage[] {
  if (capacity <= 0 || (used * 100) / capacity < highPercent) return [];
  let toFree = used - (capacity * lowPercent) / 100;
  const out: GcImage[] = [];
  for (const img of [...images].filter((i) => !inUse.has(i.id) && !i.pinned).sort((a, b) => a.lastUsed - b.lastUsed)) {
    if (toFree <= 0) break;
    out.push(img);
    toFree -= img.size;
  }
  return out;
}

export class ImageGc {
  private readonly lastUsed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cri: CriClient,
    private readonly cfg: { highPercent: number; lowPercent: number; sandboxImage: string; periodMs?: number },
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.run().catch((e: unknown) => this.log(`image gc: ${e instanceof Error ? e.message : String(e)}`)), this.cfg.periodMs ?? 300_000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<string[]> {
    const [{ images }, { containers }, fs] = await Promise.all([this.cri.listImages({}), this.cri.listContainers({}), this.cri.imageFsInfo({})]);
    const now = Date.now();
    const inUse = new Set(containers.map((c) => c.imageRef));
    for (const id of inUse) this.lastUsed.set(id, now);
    const mount = fs.imageFilesystems[0]?.fsId?.mountpoint;
    if (!mount) return [];
    const st = statfsSync(mount);
    const capacity = st.blocks * st.bsize;
    const used = capacity - st.bavail * st.bsize;
    const gcImages = images.map((i) => ({
      id: i.id,
      size: i.size,
      lastUsed: this.lastUsed.get(i.id) ?? 0,
      pinned: i.pinned || i.repoTags.includes(this.cfg.sandboxImage),
    }));
    const victims = imagesToRemove(gcImages, inUse, used, capacity, this.cfg.highPercent, this.cfg.lowPercent);
    for (const v of victims) {
      await this.cri.removeImage({ image: { image: v.id } });
      this.log(`image gc: removed ${v.id} (${v.size} bytes)`);
    }
    return victims.map((v) => v.id);
  }
}
