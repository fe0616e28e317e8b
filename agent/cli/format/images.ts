// `crictl images` (cri-tools cmd/crictl/image.go): sorted by first repo tag, one row per
// tag, IMAGE / TAG [/ DIGEST] / IMAGE ID / SIZE [/ PINNED]; sizes in go-units'
// decimal form with 3 significant digits ("5.91MB").
import type { Image } from '../../cri/types.js';
import { CrictlError } from '../errors.js';
import { truncateId } from './common.js';
import { renderTable } from './table.js';
import { humanSizeWithPrecision } from './units.js';

/** imageByRef.Less */
function less(a: Image, b: Image): boolean {
  const [ta] = a.repoTags;
  const [tb] = b.repoTags;
  if (ta !== undefined && tb !== undefined) return ta < tb;
  const [da] = a.repoDigests;
  const [db] = b.repoDigests;
  if (da !== undefined && db !== undefined) return da < db;
  return a.id < b.id;
}

export function sortImages(images: readonly Image[]): Image[] {
  return [...images].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** normalizeRepoDigest: repository and digest of the first repo digest */
export function repoDigest(repoDigests: readonly string[]): [string, string] {
  const [first] = repoDigests;
  if (first === undefined) return ['<none>', '<none>'];
  const parts = first.split('@');
  if (parts.length !== 2) return ['errorName', 'errorRepoDigest'];
  return [parts[0] ?? '', parts[1] ?? ''];
}

/** normalizeRepoTagPair: [repository, tag] per repo tag, or [name from the digest, "<none>"] */
export function repoTagPairs(repoTags: readonly string[], imageName: string): [string, string][] {
  if (!repoTags.length) return [[imageName, '<none>']];
  return repoTags.map((t): [string, string] => {
    const i = t.lastIndexOf(':');
    if (i < 0) return ['errorRepoTag', 'errorRepoTag'];
    const name = t.slice(0, i);
    return [name === '<none>' ? imageName : name, t.slice(i + 1)];
  });
}

export interface ImageTableOptions {
  quiet?: boolean;
  verbose?: boolean;
  digests?: boolean;
  noTrunc?: boolean;
  pinned?: boolean;
}

export function formatImages(images: readonly Image[], o: ImageTableOptions): string {
  if (o.quiet) return images.map((i) => `${i.id}\n`).join('');
  if (o.verbose) return images.map(imageBlock).join('');
  const header = ['IMAGE', 'TAG', ...(o.digests ? ['DIGEST'] : []), 'IMAGE ID', 'SIZE', ...(o.pinned ? ['PINNED'] : [])];
  const rows: string[][] = [header];
  for (const image of images) {
    const [name, digestFull] = repoDigest(image.repoDigests);
    const size = humanSizeWithPrecision(image.size, 3);
    const id = o.noTrunc ? image.id : truncateId(image.id, 'sha256:');
    const digest = o.noTrunc ? digestFull : truncateId(digestFull, 'sha256:');
    for (const [repo, tag] of repoTagPairs(image.repoTags, name)) {
      rows.push([repo, tag, ...(o.digests ? [digest] : []), id, size, ...(o.pinned ? [String(image.pinned)] : [])]);
    }
  }
  return renderTable(rows);
}

function imageBlock(image: Image): string {
  let out = `ID: ${image.id}\n`;
  for (const t of image.repoTags) out += `RepoTags: ${t}\n`;
  for (const d of image.repoDigests) out += `RepoDigests: ${d}\n`;
  if (image.size) out += `Size: ${image.size}\n`;
  if (image.uid) out += `Uid: value:${image.uid.value}\n`;
  if (image.username) out += `Username: ${image.username}\n`;
  if (image.pinned) out += `Pinned: ${image.pinned}\n`;
  return `${out}\n`;
}

/** --filter conditions (dangling, reference, before, since), as filterImagesList */
export function filterImages(images: readonly Image[], filters: readonly string[]): Image[] {
  let out = [...images];
  for (const f of filters) {
    if (f.startsWith('before=')) out = beforeSince(f.slice(7), [...out].reverse()).reverse();
    else if (f.startsWith('since=')) out = beforeSince(f.slice(6), out);
    else if (f.startsWith('dangling=')) {
      const v = f.slice(9);
      out = out.filter((i) => (v === 'true' && i.repoTags.length === 0) || (v === 'false' && i.repoTags.length > 0));
    } else if (f.startsWith('reference=')) {
      const v = f.slice(10);
      const re = new RegExp(v);
      out = out.filter((i) => {
        const [name] = repoDigest(i.repoDigests);
        return re.test(name) || name === v;
      });
    } else throw new CrictlError(`unknown filter flag: ${f}`);
  }
  return out;
}

/** the images listed before the one named (crictl's filterByBeforeSince walk) */
function beforeSince(value: string, list: readonly Image[]): Image[] {
  const out: Image[] = [];
  for (const img of list) {
    if (value.includes(':') && !value.includes('@')) {
      const [name] = repoDigest(img.repoDigests);
      if (repoTagPairs(img.repoTags, name)[0]?.join(':') === value) break;
    } else if (!value.includes(':') && !value.includes('@')) {
      if (img.id.startsWith(value)) break;
    } else if (value.includes(':') && value.includes('@')) {
      if (!img.repoDigests.length) continue;
      if (img.repoDigests[0]?.startsWith(value)) break;
    } else continue;
    out.push(img);
  }
  return out;
}
