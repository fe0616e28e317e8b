// The node's initrd: a tiny initramfs (busybox, the virtio modules the root disk needs,
// a 10-line /init) instead of initramfs-tools' one, because under TCG its udev start
// costs seconds of every boot. /init loads the modules, mounts /dev/vda and hands over
// to /sbin/k8s-lab-init. Written as an uncompressed "newc" cpio (the kernel's
// initramfs format, Documentation/driver-api/early-userspace/buffer-format.rst).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export class InitramfsError extends Error {
  override readonly name = 'InitramfsError';
}

interface CpioEntry {
  name: string;
  mode: number;
  data?: Buffer;
  /** device numbers for character devices */
  rdev?: [number, number];
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** One newc record: "070701", 13 eight-digit hex fields, the NUL-terminated name, data, each 4-byte aligned. */
function record(e: CpioEntry, ino: number): Buffer {
  const data = e.data ?? Buffer.alloc(0);
  const name = Buffer.from(`${e.name}\0`);
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  const fields = [ino, e.mode, 0, 0, 1, 0, data.length, 0, 0, e.rdev?.[0] ?? 0, e.rdev?.[1] ?? 0, name.length, 0];
  const header = Buffer.from(`070701${fields.map(hex).join('')}`, 'ascii');
  return Buffer.concat([header, name, Buffer.alloc(pad4(header.length + name.length)), data, Buffer.alloc(pad4(data.length))]);
}

export function cpioArchive(entries: CpioEntry[]): Buffer {
  const parts = entries.map((e, i) => record(e, i + 1));
  parts.push(record({ name: 'TRAILER!!!', mode: 0 }, 0));
  return Buffer.concat(parts);
}

const DIR = 0o040755;
const FILE = 0o100644;
const EXEC = 0o100755;
const CHR = 0o020600;

/** Modules for the root disk, in load order (dependencies first, as modules.dep lists them). */
export const ROOT_DISK_MODULES = ['virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', 'virtio_blk'];

export function initScript(init: string): string {
  return `#!/bin/busybox sh
# k8s-lab node initrd: load the virtio disk driver, mount the root, switch to ${init}.
B=/bin/busybox
$B mount -t devtmpfs dev /dev
$B mount -t proc proc /proc
for m in ${ROOT_DISK_MODULES.join(' ')}; do
  [ -e /lib/modules/$m.ko ] && $B insmod /lib/modules/$m.ko
done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 500 ]; do $B usleep 10000; i=$((i+1)); done
if ! $B mount -t ext4 -o rw /dev/vda /root; then
  echo "k8s-lab initrd: cannot mount the root disk /dev/vda; powering off" >/dev/console
  echo o >/proc/sysrq-trigger
fi
$B umount /proc
$B mount --move /dev /root/dev
exec $B switch_root /root ${init}
`;
}

/**
 * Builds the initramfs from the image root: its static busybox and the kernel's own
 * virtio modules (a module missing from the kernel tree is assumed built in).
 */
export async function buildInitramfs(root: string, kernelRelease: string, init: string): Promise<Buffer> {
  const busybox = await readFile(join(root, 'usr', 'bin', 'busybox')).catch(() => readFile(join(root, 'bin', 'busybox')));
  if (busybox.subarray(0, 4).toString('latin1') !== '\x7fELF') throw new InitramfsError('busybox in the image root is not an ELF binary (is busybox-static installed?)');
  const modules = await readFile(join(root, 'usr', 'lib', 'modules', kernelRelease, 'modules.dep'), 'utf8');
  const entries: CpioEntry[] = ['dev', 'proc', 'sys', 'root', 'bin', 'lib', 'lib/modules'].map((name) => ({ name, mode: DIR }));
  entries.push({ name: 'dev/console', mode: CHR, rdev: [5, 1] });
  entries.push({ name: 'bin/busybox', mode: EXEC, data: busybox });
  for (const m of ROOT_DISK_MODULES) {
    const line = modules.split('\n').find((l) => l.split(':')[0]?.endsWith(`/${m}.ko`));
    if (!line) continue;
    const rel = line.split(':')[0] ?? '';
    entries.push({ name: `lib/modules/${m}.ko`, mode: FILE, data: await readFile(join(root, 'usr', 'lib', 'modules', kernelRelease, rel)) });
  }
  entries.push({ name: 'init', mode: EXEC, data: Buffer.from(initScript(init)) });
  return cpioArchive(entries);
}
