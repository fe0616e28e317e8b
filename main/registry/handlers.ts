// The read side of the OCI distribution spec: manifests, blobs, tag lists, the catalog.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pull

import { DistributionError } from './errors.js';
import { blobPath, INDEX_TYPES, MEDIA_TYPES } from './oci-layout.js';
import type { LayoutContent, Repository, StoredManifest } from './oci-layout.js';
import { parseRange } from './range.js';
import { isValidDigest, isValidTag } from './reference.js';
import type { Reply } from './reply.js';

// Node's process.arch → the GOARCH names image platforms use.
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export function getManifest(reply: Reply, repo: Repository, reference: string): void {
  let manifest: StoredManifest | undefined;
  if (reference.includes(':')) {
    if (!isValidDigest(reference)) throw new DistributionError('DIGEST_INVALID', { digest: reference });
    manifest = repo.manifests.get(reference);
  } else {
    const digest = isValidTag(reference) ? repo.tags.get(reference) : undefined;
    manifest = digest === undefined ? undefined : negotiate(repo, repo.manifests.get(digest), reply.req.headers.accept);
  }
  if (!manifest) throw new DistributionError('MANIFEST_UNKNOWN', { name: repo.name, reference });
  const etag = `"${manifest.digest}"`;
  const headers = { 'Docker-Content-Digest': manifest.digest, ETag: etag };
  if (reply.req.headers['if-none-match'] === etag) {
    reply.send(304, headers);
    return;
  }
  reply.send(200, { 'Content-Type': manifest.mediaType, ...headers }, manifest.bytes);
}

/**
 * Content negotiation on `Accept`. We never convert a manifest (that would change its
 * digest), so the stored bytes go out whatever the client accepts — what containerd and
 * skopeo send makes that always right:
 *   containerd 1.6 (remotes/docker/resolver.go): Docker schema2 manifest, Docker manifest
 *     list, OCI manifest, OCI index, and the any-type wildcard;
 *   skopeo 1.9 (containers/image manifest.DefaultRequestedManifestMIMETypes): OCI manifest,
 *     Docker schema2, schema1 (signed and not), Docker manifest list, OCI index.
 * Docker's registry rejects an OCI manifest for a client that does not list the OCI type;
 * we serve it anyway, since a schema2-only client reads OCI manifests in practice.
 * The one case we do honour, as Docker's registry does: a client that asks by tag, lists
 * manifest types but no index type and no wildcard gets the index's manifest for this
 * host's platform (linux/amd64 otherwise) instead of an index it cannot read.
 */
function negotiate(repo: Repository, manifest: StoredManifest | undefined, accept: string | undefined): StoredManifest | undefined {
  if (!manifest || !INDEX_TYPES.includes(manifest.mediaType) || accept === undefined) return manifest;
  const types = accept.split(',').map((t) => (t.split(';')[0] ?? '').trim().toLowerCase());
  const acceptsIndex = types.some((t) => t === '*/*' || t === 'application/*' || INDEX_TYPES.includes(t));
  const acceptsManifest = types.some((t) => t === MEDIA_TYPES.ociManifest || t === MEDIA_TYPES.dockerManifest);
  if (acceptsIndex || !acceptsManifest) return manifest;
  const arch = GOARCH[process.arch] ?? process.arch;
  const linux = manifest.children.filter((c) => (c.platform?.os ?? 'linux') === 'linux');
  const child = linux.find((c) => c.platform?.architecture === arch) ?? linux.find((c) => c.platform?.architecture === 'amd64');
  return (child && repo.manifests.get(child.digest)) ?? manifest;
}

export async function getBlob(reply: Reply, repo: Repository, content: LayoutContent, digest: string): Promise<void> {
  if (!isValidDigest(digest)) throw new DistributionError('DIGEST_INVALID', { digest });
  // Blobs are scoped to the repository, as in Docker's registry: a layer is served under
  // a name only if one of that name's manifests references it.
  const size = repo.blobs.get(digest);
  if (size === undefined) throw new DistributionError('BLOB_UNKNOWN', { name: repo.name, digest });
  const etag = `"${digest}"`;
  const headers = {
    'Docker-Content-Digest': digest,
    ETag: etag,
    'Accept-Ranges': 'bytes',
    // Content-addressed: a blob never changes (distribution sends the same max-age).
    'Cache-Control': 'max-age=31536000',
  };
  if (reply.req.headers['if-none-match'] === etag) {
    reply.send(304, headers);
    return;
  }
  const range = parseRange(reply.req.headers.range, size);
  const path = blobPath(content.dir, digest);
  const type = { 'Content-Type': 'application/octet-stream' };
  if (range.kind === 'unsatisfiable') {
    reply.error(new DistributionError('RANGE_INVALID', { size }), { ...headers, 'Content-Range': `bytes */${size}` });
  } else if (range.kind === 'partial') {
    const contentRange = `bytes ${range.start}-${range.end}/${size}`;
    await reply.file(206, { ...type, ...headers, 'Content-Range': contentRange }, path, range.start, range.end);
  } else {
    await reply.file(200, { ...type, ...headers }, path, 0, size - 1);
  }
}

export function listTags(reply: Reply, repo: Repository, requestedName: string, url: URL): void {
  const page = paginate([...repo.tags.keys()].sort(), url);
  const link = page.next === undefined ? {} : { Link: nextLink(url, page.n, page.next) };
  reply.json(200, { name: requestedName, tags: page.items }, link);
}

export function listCatalog(reply: Reply, content: LayoutContent, url: URL): void {
  // Full names (docker.io/library/nginx): each is a name this registry answers to
  // without `ns`, and none is ambiguous across registries.
  const page = paginate([...content.repositories.keys()].sort(), url);
  const link = page.next === undefined ? {} : { Link: nextLink(url, page.n, page.next) };
  reply.json(200, { repositories: page.items }, link);
}

/** `n` and `last` as in the spec's "Listing Tags": items after `last`, at most `n`. */
function paginate(all: string[], url: URL): { items: string[]; n: number; next?: string } {
  const nParam = url.searchParams.get('n');
  const last = url.searchParams.get('last');
  const from = last === null ? all : all.filter((t) => t > last);
  if (nParam === null) return { items: from, n: from.length };
  if (!/^\d+$/.test(nParam)) throw new DistributionError('PAGINATION_NUMBER_INVALID', { n: nParam });
  const n = Number(nParam);
  const items = from.slice(0, n);
  const more = n > 0 && from.length > n;
  return { items, n, ...(more && { next: items[items.length - 1] }) };
}

// RFC 5988 Link header, the spec's way to point at the next page.
function nextLink(url: URL, n: number, last: string): string {
  const query = new URLSearchParams(url.searchParams);
  query.set('n', String(n));
  query.set('last', last);
  return `<${url.pathname}?${query.toString()}>; rel="next"`;
}
