// Reads what an ELF file needs from the dynamic loader (PT_INTERP, DT_NEEDED, RPATH/RUNPATH)
// so a recipe that forgets a shared library fails at build time, not at `kubectl run`.
import { open } from 'node:fs/promises';
import type { EntrySource } from './entries.js';

export interface ElfDeps {
  interp?: string;
  needed: string[];
  runpath: string[];
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_RPATH = 15;
const DT_RUNPATH = 29;

async function readAt(source: EntrySource, offset: number, length: number): Promise<Buffer> {
  if (source.kind === 'data') return source.data.subarray(offset, offset + length);
  const fh = await open(source.path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** True when the first bytes are an ELF header. */
export async function isElf(source: EntrySource): Promise<boolean> {
  const head = await readAt(source, 0, 4);
  return head.length === 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF';
}

function cstr(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('utf8', at, end < 0 ? buf.length : end);
}

/** Parses a 64-bit little-endian ELF (amd64, arm64); other classes are not built here. */
export async function readElfDeps(source: EntrySource): Promise<ElfDeps> {
  const eh = await readAt(source, 0, 64);
  if (eh[4] !== 2 || eh[5] !== 1) throw new Error('only 64-bit little-endian ELF files are supported');
  const phoff = Number(eh.readBigUInt64LE(32));
  const phentsize = eh.readUInt16LE(54);
  const phnum = eh.readUInt16LE(56);
  const ph = await readAt(source, phoff, phentsize * phnum);
  const loads: { vaddr: number; offset: number; filesz: number }[] = [];
  let dynamic: { offset: number; size: number } | undefined;
  let interp: string | undefined;
  for (let i = 0; i < phnum; i++) {
    const p = i * phentsize;
    const type = ph.readUInt32LE(p);
    const offset = Number(ph.readBigUInt64LE(p + 8));
    const vaddr = Number(ph.readBigUInt64LE(p + 16));
    const filesz = Number(ph.readBigUInt64LE(p + 32));
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
    else if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
    else if (type === PT_INTERP) interp = cstr(await readAt(source, offset, filesz), 0);
  }
  const deps: ElfDeps = { needed: [], runpath: [] };
  if (interp !== undefined) deps.interp = interp;
  if (!dynamic) return deps; // static binary
  const dyn = await readAt(source, dynamic.offset, dynamic.size);
  const neededOffsets: number[] = [];
  const pathOffsets: number[] = [];
  let strtab = 0;
  for (let p = 0; p + 16 <= dyn.length; p += 16) {
    const tag = Number(dyn.readBigInt64LE(p));
    const val = Number(dyn.readBigUInt64LE(p + 8));
    if (tag === 0) break;
    if (tag === DT_NEEDED) neededOffsets.push(val);
    else if (tag === DT_STRTAB) strtab = val;
    else if (tag === DT_RPATH || tag === DT_RUNPATH) pathOffsets.push(val);
  }
  // DT_STRTAB is a virtual address: map it to a file offset through the PT_LOAD segments
  const seg = loads.find((l) => strtab >= l.vaddr && strtab < l.vaddr + l.filesz);
  if (!seg) throw new Error('DT_STRTAB outside every PT_LOAD segment');
  const strOff = seg.offset + (strtab - seg.vaddr);
  const strs = await readAt(source, strOff, seg.offset + seg.filesz - strOff);
  deps.needed = neededOffsets.map((o) => cstr(strs, o));
  deps.runpath = pathOffsets.flatMap((o) => cstr(strs, o).split(':')).filter((s) => s !== '');
  return deps;
}
