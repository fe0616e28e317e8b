// Image names as Docker and containerd spell them, and how a request path finds a repository.
//
// Normalization follows github.com/distribution/reference (ParseNormalizedNamed), which
// both containerd and the kubelet use: the first component is a registry host only if it
// has a '.' or a ':' or is 'localhost'; otherwise the registry is docker.io, and a
// one-component Docker Hub name gets the 'library/' prefix (nginx → docker.io/library/nginx).

import { DistributionError } from './errors.js';

export const DOCKER_HUB = 'docker.io';

// Grammar from the OCI distribution spec ("Pulling manifests"): <name> and <reference>.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${NAME_COMPONENT}(?:/${NAME_COMPONENT})*$`);
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
// Encoded lengths of the registered algorithms (OCI image-spec descriptor.md#registered-algorithms).
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

/** Names Docker Hub also answers to; containerd sends `ns=docker.io`, but be lenient. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Registries searched, in order, when a request names a repository without saying which
 * registry it came from (no `ns`): Docker Hub first, as `docker pull` would, then the
 * Kubernetes and GitHub registries the seeds use; any other registry afterwards, sorted.
 */
export const REGISTRY_PREFERENCE = [DOCKER_HUB, 'registry.k8s.io', 'ghcr.io'];

export interface NormalizedReference {
  /** Full repository name, registry included: docker.io/library/nginx. */
  repository: string;
  registry: string;
  /** Path inside the registry: library/nginx. */
  path: string;
  tag?: string;
  digest?: string;
}

export function isValidName(name: string): boolean {
  return name.length <= 255 && NAME_RE.test(name);
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** A digest in the spec's grammar, with the right length for sha256/sha512. */
export function isValidDigest(digest: string): boolean {
  if (!DIGEST_RE.test(digest)) return false;
  const [algorithm = '', encoded = ''] = digest.split(':', 2);
  const length = DIGEST_HEX_LENGTH[algorithm];
  return length === undefined || (encoded.length === length && /^[a-f0-9]+$/.test(encoded));
}

/** Normalizes a reference as Docker does: `nginx` → docker.io/library/nginx:latest. */
export function normalizeReference(ref: string): NormalizedReference {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : DOCKER_HUB;
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (!isValidName(path)) throw new Error(`invalid image name ${JSON.stringify(ref)}`);
  if (tag !== undefined && !isValidTag(tag)) throw new Error(`invalid tag in ${JSON.stringify(ref)}`);
  if (digest !== undefined && !isValidDigest(digest)) throw new Error(`invalid digest in ${JSON.stringify(ref)}`);
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { repository: `${registry}/${path}`, registry, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * The full repository names a request for `name` may mean, most likely first.
 *
 * - With `ns` (containerd adds `?ns=<registry>` whenever it talks to a mirror, since
 *   containerd 1.4; see containerd docs/hosts.md "registry host namespace"): exactly
 *   `<ns>/<name>`, so a mirror never answers for another registry's image.
 *   Docker Hub's one-component names also answer with `library/` (Docker's convention).
 * - Without `ns` (skopeo, curl, crane pointed at the registry itself):
 *   the name as a full name if it starts with a registry host (`registry.k8s.io/pause`),
 *   then the name under each registry in REGISTRY_PREFERENCE order, then under the others.
 */
export function candidateRepositories(name: string, ns: string | undefined, registries: readonly string[]): string[] {
  const under = (registry: string): string[] =>
    registry === DOCKER_HUB && !name.includes('/') ? [`${registry}/${name}`, `${registry}/library/${name}`] : [`${registry}/${name}`];
  if (ns !== undefined) return under(DOCKER_HUB_ALIASES.has(ns) ? DOCKER_HUB : ns.toLowerCase());
  const others = registries.filter((r) => !REGISTRY_PREFERENCE.includes(r)).sort();
  return [name, ...[...REGISTRY_PREFERENCE, ...others].flatMap(under)];
}

/** Throws the spec's NAME_INVALID for a name outside the grammar. */
export function checkName(name: string): void {
  if (!isValidName(name)) throw new DistributionError('NAME_INVALID', { name });
}
