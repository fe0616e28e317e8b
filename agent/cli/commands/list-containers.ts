// ListContainers as crictl does it (cri-tools cmd/crictl/container.go): running
// containers only unless -a or --state (or --latest/--last, which look at every
// state), the CRI filter for id/pod/state/labels, then crictl's own name/namespace
// regexps and --image (same image id per ImageStatus), newest first.
import type { CriClient } from '../../cri/cri-client.js';
import type { Container, ContainerFilter, CriInput } from '../../cri/types.js';
import { CrictlError, errorText } from '../errors.js';
import { parseLabels } from '../format/common.js';
import { parseContainerState, selectContainers } from '../format/containers.js';

export interface ContainerQuery {
  id?: string;
  podId?: string;
  state?: string;
  all?: boolean;
  labels?: readonly string[];
  nameRegexp?: string;
  namespaceRegexp?: string;
  image?: string;
  latest?: boolean;
  last?: number;
}

export function containerFilter(q: ContainerQuery): CriInput<ContainerFilter> {
  const filter: CriInput<ContainerFilter> = { id: q.id ?? '', podSandboxId: q.podId ?? '', labelSelector: parseLabels(q.labels ?? []) };
  if (!q.all && !q.state) filter.state = { state: 'CONTAINER_RUNNING' };
  if (q.state) {
    const state = parseContainerState(q.state);
    if (!state) throw new CrictlError('--state should be one of created, running, exited or unknown');
    filter.state = { state };
  }
  if (q.latest || (q.last ?? 0) > 0) delete filter.state;
  return filter;
}

async function imageId(img: CriClient, image: string): Promise<string | undefined> {
  return (await img.imageStatus({ image: { image } })).image?.id;
}

export async function listContainers(rt: CriClient, img: CriClient | undefined, q: ContainerQuery): Promise<Container[]> {
  let containers: Container[];
  try {
    containers = (await rt.listContainers({ filter: containerFilter(q) })).containers;
  } catch (e) {
    throw new CrictlError(`call list containers RPC: ${errorText(e)}`);
  }
  if (q.image && img) {
    const want = await imageId(img, q.image);
    const kept: Container[] = [];
    for (const c of containers) {
      // matchesImage: both images must exist and have the same id
      if (want !== undefined && want === (await imageId(img, c.image?.image ?? ''))) kept.push(c);
    }
    containers = kept;
  }
  return selectContainers(containers, { nameRegexp: q.nameRegexp, namespaceRegexp: q.namespaceRegexp, latest: q.latest, last: q.last });
}
