// Which accelerator the node VMs use. Probed, never assumed: on some machines /dev/kvm
// exists but a KVM guest hangs at boot. The probe boots the node kernel with no root
// disk under the candidate accelerator; a working one reaches the "no root" panic (or
// the init) within seconds, a broken one prints nothing. The answer is cached per
// QEMU binary and host kernel in the lab's data dir.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import type { Accelerator } from './qemu-args.js';

export interface AccelChoice {
  accel: Accelerator;
  /** why: shown in the UI and logs */
  reason: string;
}

/** What the host offers, in order of preference. */
export function candidates(platform: NodeJS.Platform = process.platform): Accelerator[] {
  if (platform === 'linux') return hasKvmDevice() ? ['kvm'] : [];
  if (platform === 'darwin') return ['hvf'];
  if (platform === 'win32') return ['whpx'];
  return [];
}

function hasKvmDevice(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Boots `kernel` with no disk under `accel`; true when the kernel gets far enough within the time box. */
export async function probeBoots(qemu: string, accel: Accelerator, kernel: string, workDir: string, timeoutMs: number): Promise<boolean> {
  await mkdir(workDir, { recursive: true });
  const serial = join(workDir, `probe-${accel}.log`);
  await rm(serial, { force: true });
  const child = spawn(
    qemu,
    ['-accel', accel, '-cpu', accel === 'tcg' ? 'max' : 'host', '-m', '256M', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot', '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 loglevel=4', '-serial', `file:${serial}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  let ok = false;
  while (Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
    const text = existsSync(serial) ? readFileSync(serial, 'latin1') : '';
    // "VFS: Unable to mount root fs" / "Kernel panic" / "Run /init": the kernel ran its boot to the end
    if (/Kernel panic|VFS: Unable to mount|Run \/init|Freeing unused kernel/.test(text)) {
      ok = true;
      break;
    }
  }
  if (child.exitCode === null) child.kill('SIGKILL');
  await exited;
  return ok;
}

/**
 * The accelerator for this host: the first candidate whose probe boot works, else TCG
 * (software emulation, roughly ten times slower), with the reason in plain words.
 */
export async function chooseAccelerator(o: { qemu: string; kernel: string; cacheDir: string; forced?: Accelerator; timeoutMs?: number; log: (line: string) => void }): Promise<AccelChoice> {
  if (o.forced) return { accel: o.forced, reason: `${o.forced} (chosen with --accel)` };
  const list = candidates();
  if (list.length === 0) return { accel: 'tcg', reason: `TCG software emulation: no hardware accelerator on ${process.platform}${process.platform === 'linux' ? ' (no usable /dev/kvm)' : ''}` };
  const cacheFile = join(o.cacheDir, 'accel.json');
  const key = `${o.qemu}|${release()}|${list.join(',')}`;
  const cached = await readFile(cacheFile, 'utf8').then((t) => JSON.parse(t) as { key: string; choice: AccelChoice }).catch(() => undefined);
  if (cached?.key === key) return cached.choice;
  let choice: AccelChoice = { accel: 'tcg', reason: '' };
  const failed: string[] = [];
  for (const accel of list) {
    o.log(`qemu: probing ${accel} (a ${((o.timeoutMs ?? 8000) / 1000).toFixed(0)} s test boot)`);
    if (await probeBoots(o.qemu, accel, o.kernel, join(o.cacheDir, 'probe'), o.timeoutMs ?? 8000)) {
      choice = { accel, reason: `${accel} hardware acceleration (a test boot worked)` };
      break;
    }
    failed.push(accel);
  }
  if (choice.reason === '') choice.reason = `TCG software emulation: ${failed.join(', ')} is present but a test boot hung, so nodes boot slowly (about ten times slower)`;
  await mkdir(o.cacheDir, { recursive: true });
  await writeFile(cacheFile, JSON.stringify({ key, choice }, null, 2) + '\n');
  return choice;
}
