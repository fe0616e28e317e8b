// The accelerator VM nodes use (a running VM lab) or would use (probed on request, the
// same probe and cache as the qemu lab: main/vm/qemu/accel.ts), for the Setup view.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../../assets.js';
import type { AcceleratorInfo } from '../../common/bridge/setup.js';
import { candidates, chooseAccelerator } from '../../vm/qemu/accel.js';
import { qemuBinary } from '../../vm/qemu/qemu-args.js';
import { missingTools } from '../../vm/qemu/qemu-lab.js';
import type { SetupContext } from './setup-context.js';

/** accel.ts's cache key: the QEMU binary, the host kernel, the candidates */
function cacheKey(): string {
  return `${qemuBinary()}|${release()}|${candidates().join(',')}`;
}

async function cached(cacheDir: string): Promise<AcceleratorInfo | undefined> {
  const c = await readFile(join(cacheDir, 'accel.json'), 'utf8')
    .then((t) => JSON.parse(t) as { key?: string; choice?: { accel: AcceleratorInfo['accel']; reason: string } })
    .catch(() => undefined);
  return c?.key === cacheKey() && c.choice ? { accel: c.choice.accel, reason: c.choice.reason, source: 'cache' } : undefined;
}

export class AcceleratorProbe {
  private probing: Promise<AcceleratorInfo> | undefined;

  constructor(private readonly ctx: SetupContext) {}

  async info(probe: boolean): Promise<AcceleratorInfo> {
    const started = this.ctx.started;
    if (started?.provider === 'qemu' && started.accel) {
      const step = this.ctx.steps.progress.snapshot().find((s) => s.id === 'accelerator');
      return { accel: started.accel, reason: step?.detail ?? started.accel, source: 'lab' };
    }
    const cacheDir = join(this.ctx.dataDir, 'qemu');
    if (candidates().length === 0) {
      return { accel: 'tcg', reason: `TCG software emulation: no hardware accelerator on ${process.platform}${process.platform === 'linux' ? ' (no usable /dev/kvm)' : ''}`, source: 'probe' };
    }
    const known = await cached(cacheDir);
    if (known || !probe) return known ?? { accel: null, reason: `${candidates().join(', ')} present, not tested yet`, source: 'none' };
    this.probing ??= this.probe(cacheDir).finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probe(cacheDir: string): Promise<AcceleratorInfo> {
    const missing = missingTools();
    if (missing.length > 0) return { accel: null, reason: `cannot test: VM nodes need ${missing.join(', ')}`, source: 'none' };
    const kernel = assetPath('vm-images/out/node/vmlinuz');
    if (!existsSync(kernel)) return { accel: null, reason: `cannot test: no node image kernel at ${kernel} (npm run build:images)`, source: 'none' };
    const choice = await chooseAccelerator({ qemu: qemuBinary(), kernel, cacheDir, log: () => undefined });
    return { accel: choice.accel, reason: choice.reason, source: 'probe' };
  }
}
