// `crictl pods|ps -a|images -o json` (CRI messages as protojson: 64-bit integers as
// strings, enums by name) turned into the crictl pane's rows, and matched with the pods
// the API server has on the node by pod UID — the sandbox's metadata.uid is the Pod's
// metadata.uid, which is how a kubelet ties the two together. Pure.
import type { ApiPodRow, CriContainerRow, CriImageRow, CriSandboxRow, CriView } from '../../common/bridge/nodes.js';
import type { PodObject } from './node-summary.js';

type Json = Record<string, unknown>;

function rec(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** CRI timestamps are nanoseconds since the epoch (an int64 as a string) */
export function criTime(ns: unknown): string {
  const s = str(ns);
  if (!/^\d{1,20}$/.test(s) || s === '0') return '';
  return new Date(Number(BigInt(s) / 1_000_000n)).toISOString();
}

/** parses crictl's JSON output; a CrictlOutputError names the command that printed it */
export class CrictlOutputError extends Error {
  override readonly name = 'CrictlOutputError';
}

function parse(command: string, text: string): Json {
  try {
    return rec(JSON.parse(text));
  } catch {
    throw new CrictlOutputError(`${command}: not JSON: ${text.slice(0, 200)}`);
  }
}

export function sandboxRows(json: string): CriSandboxRow[] {
  return list(parse('crictl pods -o json', json).items).map((raw) => {
    const s = rec(raw);
    const m = rec(s.metadata);
    return {
      id: str(s.id),
      name: str(m.name),
      namespace: str(m.namespace),
      uid: str(m.uid),
      attempt: Number(str(m.attempt) || 0),
      state: str(s.state),
      created: criTime(s.createdAt),
      runtimeHandler: str(s.runtimeHandler),
    };
  });
}

export function containerRows(json: string): CriContainerRow[] {
  return list(parse('crictl ps -a -o json', json).containers).map((raw) => {
    const c = rec(raw);
    const m = rec(c.metadata);
    const labels = rec(c.labels);
    return {
      id: str(c.id),
      name: str(m.name),
      attempt: Number(str(m.attempt) || 0),
      image: str(rec(c.image).image) || str(c.imageRef),
      state: str(c.state),
      created: criTime(c.createdAt),
      podSandboxId: str(c.podSandboxId),
      // the kubelet's labels on every container it creates (pkg/kubelet/types/labels.go)
      podName: str(labels['io.kubernetes.pod.name']),
      podNamespace: str(labels['io.kubernetes.pod.namespace']),
      podUid: str(labels['io.kubernetes.pod.uid']),
    };
  });
}

export function imageRows(json: string): CriImageRow[] {
  return list(parse('crictl images -o json', json).images).map((raw) => {
    const i = rec(raw);
    return { id: str(i.id), tags: list(i.repoTags).map(str), size: str(i.size), pinned: i.pinned === true };
  });
}

/** containerd lists a container's image by its ID: name it by the image's first tag when there is one */
export function nameImages(containers: CriContainerRow[], images: CriImageRow[]): CriContainerRow[] {
  const tags = new Map(images.map((i) => [i.id, i.tags[0]]));
  return containers.map((c) => ({ ...c, image: tags.get(c.image) ?? c.image }));
}

export function apiPodRows(pods: PodObject[]): ApiPodRow[] {
  return pods
    .map((p) => ({
      namespace: p.metadata.namespace ?? '',
      name: p.metadata.name ?? '',
      uid: p.metadata.uid ?? '',
      phase: p.status?.phase ?? '',
      podIP: p.status?.podIP ?? '',
      containers: (p.status?.containerStatuses ?? []).map((c) => ({ name: c.name, state: Object.keys(c.state ?? {})[0] ?? '', containerID: c.containerID ?? '' })),
    }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** every pod either side knows, by UID: the API's pods first, then sandboxes the API no longer has */
export function pairPods(sandboxes: CriSandboxRow[], apiPods: ApiPodRow[]): CriView['pairs'] {
  const pairs = new Map<string, CriView['pairs'][number]>();
  for (const p of apiPods) pairs.set(p.uid, { uid: p.uid, namespace: p.namespace, name: p.name, sandboxIds: [], inApi: true });
  for (const s of sandboxes) {
    const pair = pairs.get(s.uid) ?? { uid: s.uid, namespace: s.namespace, name: s.name, sandboxIds: [], inApi: false };
    pair.sandboxIds.push(s.id);
    pairs.set(s.uid, pair);
  }
  return [...pairs.values()];
}
