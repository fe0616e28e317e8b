// The node's process tree (`ps -ef --forest`) with each process's part marked, and the
// two chains read off it: dockerd → containerd → shim → process, and agent → containerd
// → shim → pause + app. The links come from the command lines (a shim's -namespace and
// -address), not from the parent pid: shims are re-parented to init.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessNode, RuntimeSide } from '../../../main/common/bridge/runtimes.js';

function all(tree: ProcessNode[]): ProcessNode[] {
  return tree.flatMap((n) => [n, ...all(n.children)]);
}

function TreeRows({ nodes, depth }: { nodes: ProcessNode[]; depth: number }): ReactNode {
  const { t } = useTranslation();
  return nodes.map((n) => (
    <li key={n.pid} data-pid={n.pid} data-role={n.role} data-side={n.side ?? ''}>
      <div className="rt-proc" style={{ paddingLeft: depth * 18 }}>
        <span className={`rt-badge rt-role-${n.role}${n.side ? ` rt-${n.side}` : ''}`}>{t(`runtimes.roles.${n.role}`)}</span>
        <code data-raw>
          {n.pid} {n.command}
        </code>
      </div>
      {n.children.length > 0 && (
        <ul>
          <TreeRows nodes={n.children} depth={depth + 1} />
        </ul>
      )}
    </li>
  ));
}

function Chain({ tree, side }: { tree: ProcessNode[]; side: RuntimeSide }): ReactNode {
  const { t } = useTranslation();
  const procs = all(tree);
  const head = procs.find((p) => p.role === (side === 'docker' ? 'dockerd' : 'agent'));
  const containerd = procs.find((p) => p.role === 'containerd');
  const shims = procs.filter((p) => p.role === 'shim' && p.side === side);
  const step = (role: string, pids: number[]): ReactNode => (
    <span className="rt-chain-step">
      <span className={`rt-badge rt-role-${role} rt-${side}`}>{t(`runtimes.roles.${role}`)}</span>
      <code data-raw>{pids.length > 0 ? pids.join(', ') : '-'}</code>
    </span>
  );
  const kids = shims.flatMap((s) => s.children);
  return (
    <p className={`rt-chain rt-${side}`} data-chain={side}>
      {step(side === 'docker' ? 'dockerd' : 'agent', head ? [head.pid] : [])} → {step('containerd', containerd ? [containerd.pid] : [])} →{' '}
      {step('shim', shims.map((s) => s.pid))} →{' '}
      {side === 'cri' && <>{step('pause', kids.filter((k) => k.role === 'pause').map((k) => k.pid))} + </>}
      {step('container', kids.filter((k) => k.role === 'container').map((k) => k.pid))}
    </p>
  );
}

export function ProcessTreePanel({ tree }: { tree: ProcessNode[] }): ReactNode {
  return (
    <>
      <Chain tree={tree} side="docker" />
      <Chain tree={tree} side="cri" />
      <ul className="rt-tree">
        <TreeRows nodes={tree} depth={0} />
      </ul>
    </>
  );
}
