// Apply conflicts and their 409 (managedfields/internal/conflict.go), e.g.
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
import type { StatusCause } from '../../../../common/kube-types.js';
import { applyConflict } from '../errors.js';
import type { PatchError } from '../errors.js';
import type { FieldSet } from './field-set.js';
import { pathString } from './fieldpath.js';
import type { Path } from './fieldpath.js';
import { printManager } from './managers.js';
import type { ManagerEntry } from './managers.js';

export interface Conflict {
  managerId: string;
  manager: ManagerEntry;
  path: Path;
}

/** merge.Conflicts, thrown inside the apply pipeline and turned into a PatchError at the end. */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('apply conflicts');
  }
}

/** ConflictsFromManagers: one conflict per owned path, managers in identifier order. */
export function conflictsOf(sets: ReadonlyMap<string, { manager: ManagerEntry; set: FieldSet }>): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...sets.keys()].sort()) {
    const c = sets.get(id);
    if (c) for (const path of c.set.paths()) out.push({ managerId: id, manager: c.manager, path });
  }
  return out;
}

export function conflictError(conflicts: readonly Conflict[]): PatchError {
  const causes: StatusCause[] = conflicts.map((c) => {
    // metav1.StatusCause's JSON key for CauseType is "reason".
    return { reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) };
  });
  const first = conflicts[0];
  if (conflicts.length === 1 && first) {
    return applyConflict(`Apply failed with 1 conflict: conflict with ${printManager(first.manager)}: ${pathString(first.path)}`, causes);
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id) ?? [];
    const head = group[0];
    if (!head) continue;
    lines.push(`conflicts with ${printManager(head.manager)}:`);
    for (const c of group) lines.push(`- ${pathString(c.path)}`);
  }
  return applyConflict(`Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes);
}
