// Pod resource requests the way kube-scheduler counts them
// (component-helpers/resource PodRequests, 1.32): regular containers are summed, an init
// container needs max(sum(containers), its own request plus the sidecars started before
// it), restartable init containers (sidecars) add to the sum, and spec.overhead is added
// on top. CPU is kept in millicores, everything else in whole units (bytes), rounded up
// as Quantity.MilliValue()/Value() do.
import { milliValue, quantityOf, quantityValue } from '../../common/quantity.js';
import type { ContainerShape, PodSpecShape, ResourceList } from './types.js';

export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** extended resources, hugepages, attachable volumes; null when none */
  scalar: Map<string, number> | null;
}

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests counts as when scoring */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const quantityMemo = new Map<string, { milli: number; value: number }>();

function parsed(v: string | number | undefined): { milli: number; value: number } {
  if (v === undefined) return { milli: 0, value: 0 };
  const key = typeof v === 'number' ? `#${v}` : v;
  const hit = quantityMemo.get(key);
  if (hit) return hit;
  const q = quantityOf(v);
  const out = q ? { milli: milliValue(q), value: quantityValue(q) } : { milli: 0, value: 0 };
  // requests repeat ("100m", "128Mi"): a bounded memo keeps BigInt parsing off the hot path
  if (quantityMemo.size > 10_000) quantityMemo.clear();
  quantityMemo.set(key, out);
  return out;
}

/** schedutil.IsScalarResourceName: extended (domain-prefixed), hugepages-*, attachable-volumes-* */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

export function emptyResources(): Resources {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: null };
}

/** framework.Resource.Add over a ResourceList (pods are not a request) */
export function addList(r: Resources, list: ResourceList | undefined): void {
  if (!list) return;
  for (const name in list) {
    const v = list[name];
    if (name === 'cpu') r.milliCpu += parsed(v).milli;
    else if (name === 'memory') r.memory += parsed(v).value;
    else if (name === 'ephemeral-storage') r.ephemeralStorage += parsed(v).value;
    else if (isScalarResource(name)) {
      r.scalar ??= new Map();
      r.scalar.set(name, (r.scalar.get(name) ?? 0) + parsed(v).value);
    }
  }
}

function addResources(r: Resources, o: Resources): void {
  r.milliCpu += o.milliCpu;
  r.memory += o.memory;
  r.ephemeralStorage += o.ephemeralStorage;
  if (o.scalar) {
    r.scalar ??= new Map();
    for (const [k, v] of o.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + v);
  }
}

function maxResources(r: Resources, o: Resources): void {
  r.milliCpu = Math.max(r.milliCpu, o.milliCpu);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  if (o.scalar) {
    r.scalar ??= new Map();
    for (const [k, v] of o.scalar) r.scalar.set(k, Math.max(r.scalar.get(k) ?? 0, v));
  }
}

function containerRequests(c: ContainerShape, nonMissing: boolean): Resources {
  const r = emptyResources();
  const req = c.resources?.requests;
  addList(r, req);
  // NonMissingContainerRequests: only a request that is absent gets the default, an explicit 0 stays 0
  if (nonMissing) {
    if (req?.cpu === undefined) r.milliCpu += DEFAULT_MILLI_CPU_REQUEST;
    if (req?.memory === undefined) r.memory += DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * PodRequests: `nonMissing` applies the scoring defaults (100m cpu, 200Mi memory) to
 * containers that request nothing, which is how NodeInfo.NonZeroRequested is built.
 */
export function podRequests(spec: PodSpecShape, nonMissing = false): Resources {
  const reqs = emptyResources();
  for (const c of spec.containers ?? []) addResources(reqs, containerRequests(c, nonMissing));
  const sidecars = emptyResources();
  const initMax = emptyResources();
  for (const c of spec.initContainers ?? []) {
    const own = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      // a sidecar keeps running: it adds to the pod's sum and to every later init container's need
      addResources(reqs, own);
      addResources(sidecars, own);
      maxResources(initMax, sidecars);
    } else {
      const need = emptyResources();
      addResources(need, own);
      addResources(need, sidecars);
      maxResources(initMax, need);
    }
  }
  maxResources(reqs, initMax);
  addList(reqs, spec.overhead);
  return reqs;
}

/** node allocatable as framework.Resource plus the pod count */
export function allocatableOf(list: ResourceList | undefined): { res: Resources; pods: number } {
  const res = emptyResources();
  addList(res, list);
  return { res, pods: list?.pods === undefined ? 0 : parsed(list.pods).value };
}

export function isZeroRequest(r: Resources): boolean {
  return r.milliCpu === 0 && r.memory === 0 && r.ephemeralStorage === 0 && (r.scalar === null || r.scalar.size === 0);
}
