// Content-addressed blobs of the OCI layout (blobs/sha256/<hex>), written atomically.
// Layers are gzipped by GNU gzip (`gzip -n`): its output depends only on the input and
// the level, whereas Node's bundled zlib varies with the Node version (and the CPU's
// SIMD paths), which would change layer digests from machine to machine.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { blobPath } from './layout.js';

export class BlobError extends Error {
  override name = 'BlobError';
}

export interface Blob {
  digest: string;
  size: number;
}

export interface LayerBlob extends Blob {
  diffId: string;
  uncompressedSize: number;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function writeBlob(layoutDir: string, data: Buffer): Promise<Blob> {
  const digest = sha256(data);
  const path = blobPath(layoutDir, digest);
  if (!existsSync(path)) {
    await mkdir(join(layoutDir, 'blobs', 'sha256'), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }
  return { digest, size: data.length };
}

function hashing(onDone: (hex: string, size: number) => void): Transform {
  const h = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      onDone(h.digest('hex'), size);
      cb();
    },
  });
}

/** Gzips a tar stream into a blob; returns its digest and the diff_id of the tar. */
export async function writeLayerBlob(layoutDir: string, tar: AsyncIterable<Buffer>): Promise<LayerBlob> {
  const dir = join(layoutDir, 'blobs', 'sha256');
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `layer.tmp-${process.pid}-${Date.now()}`);
  const gzip = spawn('gzip', ['-n', '-6', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  gzip.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number>((resolve, reject) => {
    gzip.on('error', (err) => reject(new BlobError(`cannot run gzip (apt-get install gzip): ${err.message}`)));
    gzip.on('close', (code) => resolve(code ?? -1));
  });
  let diffId = '';
  let uncompressedSize = 0;
  let digest = '';
  let size = 0;
  try {
    await Promise.all([
      pipeline(Readable.from(tar), hashing((hex, n) => { diffId = `sha256:${hex}`; uncompressedSize = n; }), gzip.stdin),
      pipeline(gzip.stdout, hashing((hex, n) => { digest = `sha256:${hex}`; size = n; }), createWriteStream(tmp)),
    ]);
    const code = await exited;
    if (code !== 0) throw new BlobError(`gzip exited with ${code}: ${stderr.trim()}`);
    await rename(tmp, blobPath(layoutDir, digest));
  } catch (err) {
    gzip.kill();
    await rm(tmp, { force: true });
    throw err;
  }
  return { digest, size, diffId, uncompressedSize };
}
