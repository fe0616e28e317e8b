// The contract's TableDef carries columns and cells. kube's printers can also attach
// row conditions (metav1.TableRowCondition), which printPod uses to mark Succeeded and
// Failed pods as Completed; PrinterDef adds that as an optional hook so a printer stays
// a plain TableDef everywhere else.
import type { KubeObject } from '../../../common/kube-types.js';
import type { TableDef } from '../resources/types.js';

/** metav1.TableRowCondition */
export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PrinterDef extends TableDef {
  /** row conditions for this object, or undefined for none (omitted from the JSON) */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

export function hasConditions(def: TableDef): def is PrinterDef & Required<Pick<PrinterDef, 'conditions'>> {
  return 'conditions' in def && typeof def.conditions === 'function';
}
