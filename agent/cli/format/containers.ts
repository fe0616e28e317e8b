// `crictl ps` (cri-tools cmd/crictl/container.go OutputContainers, v1.32): newest
// first, CONTAINER / IMAGE / CREATED / STATE / NAME / ATTEMPT / POD ID / POD /
// NAMESPACE; the image shown as a 13-character image id when it is a digest (the
// kubelet creates containers with the image id), POD and NAMESPACE from the kubelet's
// labels ("unknown" for containers made outside the kubelet).
import type { Container, ContainerState } from '../../cri/types.js';
import { LABEL_POD_NAME, LABEL_POD_NAMESPACE, fromLabels, keyValueBlock, matchesRegex, newestFirst, truncateId } from './common.js';
import type { Clock } from './pods.js';
import { renderTable } from './table.js';
import { ago } from './units.js';

export const CONTAINER_COLUMNS = ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE'];

/** convertContainerState (a state this crictl does not know is shown as it came) */
export function containerState(state: ContainerState): string {
  switch (state) {
    case 'CONTAINER_CREATED':
      return 'Created';
    case 'CONTAINER_RUNNING':
      return 'Running';
    case 'CONTAINER_EXITED':
      return 'Exited';
    case 'CONTAINER_UNKNOWN':
      return 'Unknown';
    default:
      return String(state);
  }
}

/** the CRI state for --state (created|running|exited|unknown, any case) */
export function parseContainerState(s: string): ContainerState | undefined {
  const m: Record<string, ContainerState> = { created: 'CONTAINER_CREATED', running: 'CONTAINER_RUNNING', exited: 'CONTAINER_EXITED', unknown: 'CONTAINER_UNKNOWN' };
  return m[s.toLowerCase()];
}

const DIGEST = /^(sha256):[a-f0-9]{64}$|^(sha384):[a-f0-9]{96}$|^(sha512):[a-f0-9]{128}$/;

/** godigest.Parse succeeds: show the hex part, truncated */
export function shortImage(image: string): string {
  const m = DIGEST.exec(image);
  const alg = m?.[1] ?? m?.[2] ?? m?.[3];
  return alg ? truncateId(image, `${alg}:`) : image;
}

export interface ContainerListOptions {
  nameRegexp?: string;
  namespaceRegexp?: string;
  latest?: boolean;
  last?: number;
}

/** getContainersList without the image filter (done by the caller, it needs ImageStatus) */
export function selectContainers(items: readonly Container[], o: ContainerListOptions): Container[] {
  const filtered = items.filter(
    (c) => c.metadata !== null && matchesRegex(o.nameRegexp ?? '', c.metadata.name) && matchesRegex(o.namespaceRegexp ?? '', fromLabels(c.labels, LABEL_POD_NAMESPACE)),
  );
  return newestFirst(filtered, o.latest ?? false, o.last ?? 0);
}

export interface ContainerTableOptions {
  quiet?: boolean;
  verbose?: boolean;
  noTrunc?: boolean;
  /** -r: image references resolved by the caller (image shown → repo tag) */
  resolvedImages?: ReadonlyMap<string, string>;
}

export function formatContainers(containers: readonly Container[], o: ContainerTableOptions, clock: Clock): string {
  if (o.quiet) return containers.map((c) => `${c.id}\n`).join('');
  if (o.verbose) return containers.map((c) => containerBlock(c, clock)).join('');
  const rows = containers.map((c) => {
    let image = c.image?.image ?? '';
    if (!o.noTrunc) image = shortImage(image);
    image = o.resolvedImages?.get(image) ?? image;
    return [
      o.noTrunc ? c.id : truncateId(c.id),
      image,
      ago(c.createdAt, clock.nowMs),
      containerState(c.state),
      c.metadata?.name ?? '',
      String(c.metadata?.attempt ?? 0),
      o.noTrunc ? c.podSandboxId : truncateId(c.podSandboxId),
      fromLabels(c.labels, LABEL_POD_NAME),
      fromLabels(c.labels, LABEL_POD_NAMESPACE),
    ];
  });
  return renderTable([CONTAINER_COLUMNS, ...rows]);
}

function containerBlock(c: Container, clock: Clock): string {
  let out = `ID: ${c.id}\nPodID: ${c.podSandboxId}\nNamespace: ${fromLabels(c.labels, LABEL_POD_NAMESPACE)}\n`;
  if (c.metadata) {
    if (c.metadata.name) out += `Name: ${c.metadata.name}\n`;
    out += `Attempt: ${c.metadata.attempt}\n`;
  }
  out += `State: ${containerState(c.state)}\n`;
  if (c.image) out += `Image: ${c.image.image}\n`;
  out += `Created: ${ago(c.createdAt, clock.nowMs)}\n`;
  out += keyValueBlock('Labels', c.labels);
  out += keyValueBlock('Annotations', c.annotations);
  return `${out}\n`;
}
