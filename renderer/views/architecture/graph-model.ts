// The drawing the seeds make of a cluster, as boxes and arrows: clients on top, the
// control plane (kube-apiserver, etcd, kube-scheduler, kube-controller-manager, registry),
// and one group per node (the agent as kubelet, its kube-proxy role, containerd, the
// pods). Pure: ids and sizes only; graph-layout.ts places them with ELK.
import type { ClusterHealth, ComponentHealth } from '../../../main/common/bridge/trace.js';
import { apiEdge } from './trace-model.js';

export type BoxRole = 'clients' | 'kube-apiserver' | 'etcd' | 'kube-scheduler' | 'kube-controller-manager' | 'registry' | 'kubelet' | 'kube-proxy' | 'containerd' | 'pods';

export interface Box {
  id: string;
  role: BoxRole;
  /** the component's own name (kube-apiserver, node-1's containerd …) */
  name: string;
  parent?: string;
  health?: ComponentHealth;
  /** controllers of the controller-manager, pods of a node */
  /** controllers carry a HealthState, pods their phase */
  items: { name: string; state?: string }[];
  width: number;
  height: number;
}

export interface Group {
  id: string;
  kind: 'control-plane' | 'node';
  name: string;
}

export interface Arrow {
  id: string;
  source: string;
  target: string;
  /** layout direction may differ from the arrow's (watchers sit below the API server) */
  layoutSource: string;
  layoutTarget: string;
}

export interface GraphModel {
  groups: Group[];
  boxes: Box[];
  arrows: Arrow[];
  /** changes only when the layout must (boxes added or resized) */
  shapeKey: string;
}

const W = 200;
const H = 70;
const ITEM_H = 17;

function box(id: string, role: BoxRole, name: string, parent: string | undefined, health: ComponentHealth | undefined, items: Box['items'] = [], maxItems = 8): Box {
  const shown = Math.min(items.length, maxItems);
  return { id, role, name, parent, health, items, width: W, height: H + (shown > 0 ? shown * ITEM_H + 6 : 0) };
}

export function buildGraph(h: ClusterHealth | undefined): GraphModel {
  const comp = (id: string): ComponentHealth | undefined => h?.components.find((c) => c.id === id);
  const groups: Group[] = [{ id: 'g:control-plane', kind: 'control-plane', name: 'control-plane' }];
  const boxes: Box[] = [
    box('clients', 'clients', 'kubectl', undefined, undefined),
    box('kube-apiserver', 'kube-apiserver', 'kube-apiserver', 'g:control-plane', comp('kube-apiserver')),
    box('etcd', 'etcd', 'etcd', 'g:control-plane', comp('etcd')),
    box('kube-scheduler', 'kube-scheduler', 'kube-scheduler', 'g:control-plane', comp('kube-scheduler')),
    box('kube-controller-manager', 'kube-controller-manager', 'kube-controller-manager', 'g:control-plane', comp('kube-controller-manager'), (h?.controllers ?? []).map((c) => ({ name: c.id, state: c.state })), 12),
    box('registry', 'registry', 'registry', 'g:control-plane', comp('registry')),
  ];
  const arrows: Arrow[] = [
    { id: apiEdge('clients'), source: 'clients', target: 'kube-apiserver', layoutSource: 'clients', layoutTarget: 'kube-apiserver' },
    { id: 'e:kube-apiserver:etcd', source: 'kube-apiserver', target: 'etcd', layoutSource: 'kube-apiserver', layoutTarget: 'etcd' },
    { id: apiEdge('kube-scheduler'), source: 'kube-scheduler', target: 'kube-apiserver', layoutSource: 'kube-apiserver', layoutTarget: 'kube-scheduler' },
    { id: apiEdge('kube-controller-manager'), source: 'kube-controller-manager', target: 'kube-apiserver', layoutSource: 'kube-apiserver', layoutTarget: 'kube-controller-manager' },
  ];
  for (const n of h?.nodes ?? []) {
    const g = `g:${n.name}`;
    groups.push({ id: g, kind: 'node', name: n.name });
    boxes.push(
      box(`${n.name}/kubelet`, 'kubelet', 'kubelet', g, n.kubelet),
      box(`${n.name}/kube-proxy`, 'kube-proxy', 'kube-proxy', g, n.proxy),
      box(`${n.name}/containerd`, 'containerd', 'containerd', g, n.containerd),
      box(`${n.name}/pods`, 'pods', 'pods', g, undefined, n.pods.map((p) => ({ name: `${p.namespace}/${p.name}`, state: p.phase }))),
    );
    arrows.push(
      { id: apiEdge(`${n.name}/kubelet`), source: `${n.name}/kubelet`, target: 'kube-apiserver', layoutSource: 'kube-apiserver', layoutTarget: `${n.name}/kubelet` },
      { id: apiEdge(`${n.name}/kube-proxy`), source: `${n.name}/kube-proxy`, target: 'kube-apiserver', layoutSource: 'kube-apiserver', layoutTarget: `${n.name}/kube-proxy` },
      { id: `e:${n.name}:cri`, source: `${n.name}/kubelet`, target: `${n.name}/containerd`, layoutSource: `${n.name}/kubelet`, layoutTarget: `${n.name}/containerd` },
      { id: `e:${n.name}:pull`, source: `${n.name}/containerd`, target: 'registry', layoutSource: 'registry', layoutTarget: `${n.name}/containerd` },
      { id: `e:${n.name}:run`, source: `${n.name}/containerd`, target: `${n.name}/pods`, layoutSource: `${n.name}/containerd`, layoutTarget: `${n.name}/pods` },
    );
  }
  const shapeKey = boxes.map((b) => `${b.id}:${b.height}`).join('|');
  return { groups, boxes, arrows, shapeKey };
}
