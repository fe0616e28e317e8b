// An ordered set of keys for range scans. One sorted array costs O(n) per insert
// (the splice moves every later key), which dominated put time at tens of thousands
// of keys; a list of sorted blocks (the sortedcontainers layout) keeps each insert to a
// small splice while ordered scans stay simple array walks.
import type { KeyStr } from './key-range.js';

const BLOCK = 512;

function lowerBound(arr: readonly KeyStr[], k: KeyStr): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as KeyStr) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedKeys {
  private blocks: KeyStr[][] = [];
  /** last (largest) key of each block */
  private maxes: KeyStr[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** adds a key that is not yet present */
  insert(k: KeyStr): void {
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([k]);
      this.maxes.push(k);
      return;
    }
    let b = lowerBound(this.maxes, k);
    if (b === this.blocks.length) b--; // larger than every key: goes at the end of the last block
    const block = this.blocks[b] as KeyStr[];
    block.splice(lowerBound(block, k), 0, k);
    this.maxes[b] = block[block.length - 1] as KeyStr;
    if (block.length > 2 * BLOCK) {
      const half = block.splice(BLOCK);
      this.blocks.splice(b + 1, 0, half);
      this.maxes.splice(b, 1, block[block.length - 1] as KeyStr, half[half.length - 1] as KeyStr);
    }
  }

  /**
   * Visits keys >= start in order until visit returns false. The set must not be
   * changed during the scan.
   */
  scan(start: KeyStr, visit: (k: KeyStr) => boolean): void {
    let b = lowerBound(this.maxes, start);
    if (b === this.blocks.length) return;
    let i = lowerBound(this.blocks[b] as KeyStr[], start);
    for (; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b] as KeyStr[];
      for (; i < block.length; i++) if (!visit(block[i] as KeyStr)) return;
    }
  }

  /** keeps only the keys for which keep returns true */
  retain(keep: (k: KeyStr) => boolean): void {
    const all: KeyStr[] = [];
    for (const block of this.blocks) for (const k of block) if (keep(k)) all.push(k);
    this.load(all);
  }

  /** replaces the contents with keys already sorted and distinct */
  load(sorted: KeyStr[]): void {
    this.blocks = [];
    this.maxes = [];
    for (let i = 0; i < sorted.length; i += BLOCK) {
      const block = sorted.slice(i, i + BLOCK);
      this.blocks.push(block);
      this.maxes.push(block[block.length - 1] as KeyStr);
    }
    this.count = sorted.length;
  }

  toArray(): KeyStr[] {
    return this.blocks.flat();
  }
}
