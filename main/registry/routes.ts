// Request routing for the read-only registry: which repository a path names, which
// handler answers, and the spec's error body for everything that goes wrong.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { DistributionError } from './errors.js';
import { getBlob, getManifest, listCatalog, listTags } from './handlers.js';
import type { LayoutContent, Repository } from './oci-layout.js';
import { candidateRepositories, checkName } from './reference.js';
import { Reply } from './reply.js';

// `<name>` may contain slashes, so the last /manifests/, /blobs/ or /tags/list wins
// (greedy match), as in distribution's router.
const ITEM_ROUTE = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/;
const TAGS_ROUTE = /^\/v2\/(.+)\/tags\/list$/;

/** Answers one request; returns the Reply so the caller can log status and bytes. */
export async function route(req: IncomingMessage, res: ServerResponse, content: LayoutContent): Promise<Reply> {
  const reply = new Reply(req, res);
  const url = new URL(req.url ?? '/', 'http://registry.invalid');
  const path = url.pathname;
  if (path !== '/v2' && !path.startsWith('/v2/')) {
    reply.notFound();
    return reply;
  }
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Read-only: pushes (POST/PUT/PATCH blob uploads, PUT manifests) and deletes are
      // refused the way a registry with deletes/pushes disabled refuses them.
      throw new DistributionError('UNSUPPORTED', { method: req.method });
    }
    await dispatch(reply, url, content);
  } catch (err) {
    if (!(err instanceof DistributionError)) throw err;
    reply.error(err, err.code === 'UNSUPPORTED' ? { Allow: 'GET, HEAD' } : {});
  }
  return reply;
}

async function dispatch(reply: Reply, url: URL, content: LayoutContent): Promise<void> {
  const path = url.pathname;
  if (path === '/v2' || path === '/v2/') {
    // API version check: 200 means "v2, and no authentication needed".
    reply.json(200, {});
    return;
  }
  if (path === '/v2/_catalog') {
    listCatalog(reply, content, url);
    return;
  }
  const item = ITEM_ROUTE.exec(path);
  const tags = item ? null : TAGS_ROUTE.exec(path);
  const rawName = item?.[1] ?? tags?.[1];
  if (rawName === undefined) {
    reply.notFound();
    return;
  }
  const name = decode(rawName, 'NAME_INVALID');
  const repo = findRepository(content, name, url.searchParams.get('ns') || undefined);
  if (tags) {
    listTags(reply, repo, name, url);
  } else if (item?.[2] === 'manifests') {
    getManifest(reply, repo, decode(item[3] ?? '', 'MANIFEST_UNKNOWN'));
  } else {
    await getBlob(reply, repo, content, decode(item?.[3] ?? '', 'DIGEST_INVALID'));
  }
}

export function findRepository(content: LayoutContent, name: string, ns: string | undefined): Repository {
  checkName(name);
  for (const candidate of candidateRepositories(name, ns, content.registries)) {
    const repo = content.repositories.get(candidate);
    if (repo) return repo;
  }
  throw new DistributionError('NAME_UNKNOWN', { name, ...(ns !== undefined && { ns }) });
}

function decode(segment: string, code: 'NAME_INVALID' | 'MANIFEST_UNKNOWN' | 'DIGEST_INVALID'): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DistributionError(code, { segment });
  }
}
