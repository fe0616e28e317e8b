// Parsers for what the node's tools print: `ctr` tables, `ps` rows, /proc/PID/cgroup,
// and the JSON of `crictl ps/pods/inspect -o json` and `docker inspect`. Pure functions,
// tolerant of a failed command (empty input gives empty results).

export interface CtrContainerRow {
  id: string;
  image: string;
  runtime: string;
}

/** table rows after the header line, split on runs of spaces */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

/** `ctr c ls`: CONTAINER IMAGE RUNTIME (IMAGE is "-" for an image-less container) */
export function parseCtrContainers(text: string): CtrContainerRow[] {
  return rows(text).map(([id = '', image = '', runtime = '']) => ({ id, image: image === '-' ? '' : image, runtime }));
}

/** `ctr t ls`: TASK PID STATUS → id → pid (running tasks only) */
export function parseCtrTasks(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id = '', pid = '', status = ''] of rows(text)) {
    if (status === 'RUNNING' && /^\d+$/.test(pid)) out.set(id, Number(pid));
  }
  return out;
}

/** `ctr namespaces ls`: NAME LABELS */
export function parseNamespaces(text: string): string[] {
  return rows(text).map((r) => r[0] ?? '').filter((n) => n !== '');
}

export interface ProcRow {
  pid: number;
  ppid: number;
  argv: string[];
}

/** `ps -eo pid=,ppid=,args=` (no header); argv split on spaces, as ps prints it */
export function parsePsRows(text: string): ProcRow[] {
  const out: ProcRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    out.push({ pid: Number(m[1]), ppid: Number(m[2]), argv: (m[3] ?? '').trim().split(/\s+/).filter((a) => a !== '') });
  }
  return out;
}

export interface CgroupLine {
  hierarchy: number;
  /** e.g. "memory", "cpu,cpuacct", "name=systemd"; "" for the cgroup v2 line */
  controllers: string;
  path: string;
}

/** /proc/PID/cgroup: "id:controllers:path" per hierarchy (cgroup(7)) */
export function parseCgroup(text: string): CgroupLine[] {
  const out: CgroupLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (m) out.push({ hierarchy: Number(m[1]), controllers: m[2] ?? '', path: m[3] ?? '' });
  }
  return out;
}

/** the path to show for a process: the memory hierarchy's on cgroup v1, the unified one on v2 */
export function mainCgroupPath(lines: CgroupLine[]): string | undefined {
  const v1 = lines.find((l) => l.controllers.split(',').includes('memory'));
  return (v1 ?? lines.find((l) => l.hierarchy === 0 && l.controllers === '') ?? lines[0])?.path;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export interface CriContainerInfo {
  id: string;
  name: string;
  podSandboxId: string;
  /** namespace/name of the pod, from the kubelet's labels */
  pod: string;
}

/** `crictl ps -a -o json`: {"containers": [{id, podSandboxId, metadata: {name}, labels}]} */
export function parseCrictlPs(text: string): CriContainerInfo[] {
  const list = rec(json(text))['containers'];
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    const r = rec(c);
    const labels = rec(r['labels']);
    return {
      id: str(r['id']),
      name: str(rec(r['metadata'])['name']),
      podSandboxId: str(r['podSandboxId']),
      pod: `${str(labels['io.kubernetes.pod.namespace'])}/${str(labels['io.kubernetes.pod.name'])}`,
    };
  });
}

/** `crictl pods -o json`: {"items": [{id, metadata: {name, namespace}}]} → sandbox id → namespace/name */
export function parseCrictlPods(text: string): Map<string, string> {
  const list = rec(json(text))['items'];
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const p of list) {
    const r = rec(p);
    const meta = rec(r['metadata']);
    out.set(str(r['id']), `${str(meta['namespace'])}/${str(meta['name'])}`);
  }
  return out;
}

/** `crictl inspect ID…`: one {status: {id, logPath}} object, or an array of them → id → logPath */
export function parseCrictlInspect(text: string): Map<string, string> {
  const doc = json(text);
  const out = new Map<string, string>();
  for (const item of Array.isArray(doc) ? doc : [doc]) {
    const status = rec(rec(item)['status']);
    if (str(status['id'])) out.set(str(status['id']), str(status['logPath']));
  }
  return out;
}

export interface DockerContainerInfo {
  id: string;
  name: string;
  image: string;
  logPath: string;
}

/** `docker inspect ID…`: [{Id, Name: "/name", Config: {Image}, LogPath}] */
export function parseDockerInspect(text: string): DockerContainerInfo[] {
  const doc = json(text);
  if (!Array.isArray(doc)) return [];
  return doc.map((c) => {
    const r = rec(c);
    return { id: str(r['Id']), name: str(r['Name']).replace(/^\//, ''), image: str(rec(r['Config'])['Image']), logPath: str(r['LogPath']) };
  });
}

/** `root = "…"` of a containerd config.toml (the content store is <root>/io.containerd.content.v1.content) */
export function containerdRoot(configToml: string): string {
  return /^root\s*=\s*"([^"]*)"/m.exec(configToml)?.[1] ?? '/var/lib/containerd';
}
