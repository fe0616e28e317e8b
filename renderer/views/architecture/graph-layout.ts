// Places the drawing's boxes with ELK's layered layout (top to bottom: clients, control
// plane, nodes), groups as compound nodes. elk.bundled.js runs in this thread: the CSP
// allows no blob: workers, and a lab's graph is a few dozen boxes.
import type { ELK, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphModel } from './graph-model.js';

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

// loaded on first use: ELK's start-up is work the app's first paint need not wait for
let elk: Promise<ELK> | undefined;
const loadElk = (): Promise<ELK> => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

const GROUP_OPTIONS = { 'elk.padding': '[top=34,left=14,bottom=14,right=14]', 'elk.spacing.nodeNode': '22' };

export async function layoutGraph(g: GraphModel): Promise<Map<string, Placed>> {
  const children = (parent: string | undefined): ElkNode[] => g.boxes.filter((b) => b.parent === parent).map((b) => ({ id: b.id, width: b.width, height: b.height }));
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.spacing.nodeNode': '26',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: [
      ...children(undefined),
      ...g.groups.map((grp) => ({ id: grp.id, layoutOptions: GROUP_OPTIONS, children: children(grp.id) })),
    ],
    edges: g.arrows.map((a) => ({ id: a.id, sources: [a.layoutSource], targets: [a.layoutTarget] })),
  };
  const out = await (await loadElk()).layout(root);
  const placed = new Map<string, Placed>();
  const walk = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      // xyflow wants children relative to their parent, which is what ELK gives
      placed.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      walk(c);
    }
  };
  walk(out);
  return placed;
}
