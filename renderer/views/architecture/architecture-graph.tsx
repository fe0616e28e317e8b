// The cluster drawn with @xyflow/react, placed by ELK: each box shows its component's
// live health; the boxes and arrows of the current story light up as its steps arrive
// (or as the timeline replays them), the current step's brightest.
import '@xyflow/react/dist/style.css';
import { Handle, MarkerType, Position, ReactFlow } from '@xyflow/react';
import type { Edge, Node, NodeProps } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterHealth } from '../../../main/common/bridge/trace.js';
import type { Placed } from './graph-layout.js';
import { layoutGraph } from './graph-layout.js';
import type { Box, Group } from './graph-model.js';
import { buildGraph } from './graph-model.js';

export interface Lit {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
  currentNodes: ReadonlySet<string>;
  currentEdges: ReadonlySet<string>;
}

type BoxData = { box: Box; lit: 'current' | 'visited' | 'none' };
type GroupData = { group: Group };

function BoxNode({ data }: NodeProps<Node<BoxData>>): ReactNode {
  const { t } = useTranslation();
  const { box, lit } = data;
  const state = box.health?.state;
  const shown = box.items.slice(0, box.role === 'kube-controller-manager' ? 12 : 8);
  return (
    <div className={`arch-box role-${box.role} lit-${lit}`} data-box={box.id} data-health={state ?? 'none'}>
      <Handle type="target" position={Position.Top} className="arch-handle" />
      <div className="arch-box-head">
        {state && <span className={`arch-dot health-${state}`} title={t(`architecture.health.${state}`)} />}
        <strong data-raw>{box.name}</strong>
        {state && <span className="arch-state">{t(`architecture.health.${state}`)}</span>}
      </div>
      <div className="arch-role">{box.role === 'clients' ? t('architecture.clientsRole') : t(`architecture.roles.${box.role}`)}</div>
      {box.health?.detail && (
        <div className="arch-detail" data-raw title={box.health.detail}>
          {box.health.detail}
        </div>
      )}
      {box.role === 'pods' && box.items.length === 0 && <div className="arch-detail muted">{t('architecture.noPods')}</div>}
      {shown.length > 0 && (
        <ul className="arch-items" data-raw>
          {shown.map((i) => (
            <li key={i.name} data-state={i.state}>
              {i.name}
              {box.role === 'pods' && i.state ? ` · ${i.state}` : ''}
            </li>
          ))}
          {box.items.length > shown.length && <li>+{box.items.length - shown.length}</li>}
        </ul>
      )}
      <Handle type="source" position={Position.Bottom} className="arch-handle" />
    </div>
  );
}

function GroupNode({ data }: NodeProps<Node<GroupData>>): ReactNode {
  const { t } = useTranslation();
  const { group } = data;
  return (
    <div className={`arch-group kind-${group.kind}`} data-group={group.name}>
      <span className="arch-group-title">{group.kind === 'control-plane' ? t('architecture.controlPlane') : t('architecture.node')}</span>
      {group.kind === 'node' && <span className="arch-group-name" data-raw>{group.name}</span>}
    </div>
  );
}

const NODE_TYPES = { box: BoxNode, group: GroupNode };

export function ArchitectureGraph({ health, lit }: { health: ClusterHealth | undefined; lit: Lit }): ReactNode {
  const { t } = useTranslation();
  const model = useMemo(() => buildGraph(health), [health]);
  const [placed, setPlaced] = useState<{ key: string; at: Map<string, Placed> } | undefined>();

  // ELK runs again only when boxes come, go or change size
  useEffect(() => {
    let cancelled = false;
    void layoutGraph(model).then((at) => !cancelled && setPlaced({ key: model.shapeKey, at }));
    return () => {
      cancelled = true;
    };
  }, [model.shapeKey]);

  // sizes are known (ELK placed them): given as width/height, xyflow shows nodes at once
  // instead of hiding them until it has measured them
  const nodes = useMemo((): Node[] => {
    if (!placed) return [];
    const out: Node[] = [];
    for (const g of model.groups) {
      const p = placed.at.get(g.id);
      if (p) out.push({ id: g.id, type: 'group', position: { x: p.x, y: p.y }, data: { group: g }, width: p.width, height: p.height, draggable: false, selectable: false, zIndex: 0 });
    }
    for (const b of model.boxes) {
      const p = placed.at.get(b.id);
      if (!p) continue;
      const isLit = lit.currentNodes.has(b.id) || (b.role !== 'clients' && lit.currentNodes.has(`${b.id.split('/')[0] ?? ''}/node`)) ? 'current' : lit.nodes.has(b.id) ? 'visited' : 'none';
      out.push({ id: b.id, type: 'box', position: { x: p.x, y: p.y }, ...(b.parent ? { parentId: b.parent, extent: 'parent' as const } : {}), data: { box: b, lit: isLit }, width: p.width, height: p.height, draggable: false, selectable: false, zIndex: 1 });
    }
    return out;
  }, [model, placed, lit]);

  const edges = useMemo(
    (): Edge[] =>
      model.arrows.map((a) => {
        const cls = lit.currentEdges.has(a.id) ? 'lit-current' : lit.edges.has(a.id) ? 'lit-visited' : 'lit-none';
        // drawn along the layout (top to bottom); the arrow head says who calls whom
        const marker = { type: MarkerType.ArrowClosed, width: 16, height: 16 };
        const reversed = a.source !== a.layoutSource;
        return { id: a.id, source: a.layoutSource, target: a.layoutTarget, className: `arch-edge ${cls}`, animated: cls === 'lit-current', zIndex: 2, ...(reversed ? { markerStart: marker } : { markerEnd: marker }) };
      }),
    [model, lit],
  );

  return (
    <div className="arch-graph" aria-label={t('architecture.graphLabel')} role="figure">
      {placed && (
        <ReactFlow key={placed.key} nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} fitView fitViewOptions={{ padding: 0.04 }} proOptions={{ hideAttribution: true }} nodesConnectable={false} nodesDraggable={false} elementsSelectable={false} minZoom={0.2} />
      )}
    </div>
  );
}
