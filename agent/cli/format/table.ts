// crictl's tables: Go's text/tabwriter as crictl configures it (newDefaultTableDisplay:
// minwidth 20, tabwidth 1, padding 3, padchar ' ', no flags). Every cell but a row's
// last is padded to max(minwidth, widest cell of its column + padding); the last cell
// is written as it is, so rows carry no trailing blanks.

export interface TableOptions {
  minWidth: number;
  padding: number;
}

export const CRICTL_TABLE: TableOptions = { minWidth: 20, padding: 3 };

/** the width tabwriter counts: runes, not bytes or UTF-16 units */
function width(s: string): number {
  return [...s].length;
}

/**
 * The text tabwriter writes for these rows (each a list of cells), one line per row,
 * each ending with "\n". Column widths are computed per block of consecutive rows that
 * have that column, as tabwriter does; crictl's rows all have the same cell count.
 */
export function renderTable(rows: readonly (readonly string[])[], opts: TableOptions = CRICTL_TABLE): string {
  const widths = columnWidths(rows, opts);
  return rows
    .map((row, r) =>
      row
        .map((cell, c) => {
          if (c === row.length - 1) return cell;
          const w = widths[r]?.[c] ?? 0;
          return cell + ' '.repeat(Math.max(w - width(cell), 0));
        })
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** widths[row][column] for every padded (non-last) cell */
function columnWidths(rows: readonly (readonly string[])[], opts: TableOptions): number[][] {
  const out: number[][] = rows.map(() => []);
  const maxCols = Math.max(0, ...rows.map((r) => r.length - 1));
  for (let c = 0; c < maxCols; c++) {
    let start = 0;
    while (start < rows.length) {
      if ((rows[start]?.length ?? 0) - 1 <= c) {
        start++;
        continue;
      }
      let end = start;
      let w = opts.minWidth;
      while (end < rows.length && (rows[end]?.length ?? 0) - 1 > c) {
        w = Math.max(w, width(rows[end]?.[c] ?? '') + opts.padding);
        end++;
      }
      for (let r = start; r < end; r++) (out[r] ??= [])[c] = w;
      start = end;
    }
  }
  return out;
}
