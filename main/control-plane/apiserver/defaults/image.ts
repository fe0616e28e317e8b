// The image reference parsing behind the imagePullPolicy default
// (pkg/util/parsers.ParseImageName over distribution's ParseNormalizedNamed):
// no tag and no digest means "latest", and "latest" means Always.

export interface ImageRef {
  /** e.g. docker.io/library/nginx */
  repository: string;
  /** "" when the reference carries only a digest */
  tag: string;
  digest: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** splitDockerDomain: a first component is a registry when it has '.', ':', is localhost or has capitals */
function splitDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: 'docker.io', remainder: name };
  }
  return { domain: first, remainder: name.slice(i + 1) };
}

/** ParseImageName; undefined when the reference is invalid (kube then leaves the tag empty) */
export function parseImageName(image: string): ImageRef | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) return undefined;
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest.length === 0 || rest.length > 255) return undefined;
  const { domain, remainder } = splitDomain(rest);
  if (!DOMAIN.test(domain) || remainder.toLowerCase() !== remainder) return undefined;
  const parts = remainder.split('/');
  if (!parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  const path = domain === 'docker.io' && parts.length === 1 ? `library/${remainder}` : remainder;
  if (!tag && !digest) tag = 'latest';
  return { repository: `${domain}/${path}`, tag, digest };
}

/** SetDefaults_Container's imagePullPolicy: Always for :latest (explicit or implied), else IfNotPresent */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return parseImageName(image)?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
