// fieldpath.Set: a tree of path elements where a node is a "member" when the path itself
// is owned (a leaf, a list item, a map entry) and has "children" when paths below it are.
// FieldsV1 is its JSON form; "." marks a node that is both a member and has children.
import { isObject } from '../json-value.js';
import type { JsonObject } from '../json-value.js';
import { canonicalPE, comparePE } from './fieldpath.js';
import type { Path, PathElement } from './fieldpath.js';

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(paths: readonly Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (rest.length === 0) this.members.add(head);
    else this.childOrCreate(head).insert(rest);
  }

  private childOrCreate(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  has(path: Path): boolean {
    const [head, ...rest] = path;
    if (head === undefined) return false;
    if (rest.length === 0) return this.members.has(head);
    return this.children.get(head)?.has(rest) ?? false;
  }

  child(pe: PathElement): FieldSet | undefined {
    return this.children.get(pe);
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const m of other.members) out.members.add(m);
    for (const [pe, c] of other.children) {
      const mine = out.children.get(pe);
      out.children.set(pe, mine ? mine.union(c) : c.clone());
    }
    return out;
  }

  /** Paths of this set that are not paths of `other` (exact paths, not prefixes). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const theirs = other.children.get(pe);
      const d = theirs ? c.difference(theirs) : c.clone();
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const theirs = other.children.get(pe);
      if (!theirs) continue;
      const i = c.intersection(theirs);
      if (!i.isEmpty()) out.children.set(pe, i);
    }
    return out;
  }

  /** RecursiveDifference against prefixes: drop every path equal to or below one. */
  withoutPrefix(prefix: Path): FieldSet {
    if (prefix.length === 0) return new FieldSet();
    const out = this.clone();
    const [head, ...rest] = prefix;
    if (head === undefined) return out;
    if (rest.length === 0) {
      out.members.delete(head);
      out.children.delete(head);
      return out;
    }
    const c = out.children.get(head);
    if (c) {
      const pruned = c.withoutPrefix(rest);
      if (pruned.isEmpty()) out.children.delete(head);
      else out.children.set(head, pruned);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c.clone());
    return out;
  }

  /** Set.Iterate: members (sorted), then each child's paths, depth first. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = [...this.members].sort(comparePE).map((m) => [...prefix, m]);
    for (const pe of [...this.children.keys()].sort(comparePE)) out.push(...(this.children.get(pe)?.paths([...prefix, pe]) ?? []));
    return out;
  }
}

function encode(set: FieldSet, includeSelf: boolean): JsonObject {
  const out: JsonObject = {};
  if (includeSelf) out['.'] = {};
  const keys = [...new Set([...set.members, ...set.children.keys()])].sort(comparePE);
  for (const k of keys) {
    const child = set.children.get(k);
    out[k] = child && !child.isEmpty() ? encode(child, set.members.has(k)) : {};
  }
  return out;
}

/** FieldsV1 JSON, keys in the order structured-merge-diff writes them. */
export function toFieldsV1(set: FieldSet): JsonObject {
  return encode(set, false);
}

/** Parse FieldsV1; malformed keys are skipped. */
export function fromFieldsV1(raw: unknown): FieldSet {
  const set = new FieldSet();
  if (!isObject(raw)) return set;
  for (const [k, v] of Object.entries(raw)) {
    if (k === '.') continue;
    const pe = canonicalPE(k);
    if (pe === undefined) continue;
    const inner = isObject(v) ? v : {};
    const keys = Object.keys(inner);
    if (keys.length === 0 || Object.hasOwn(inner, '.')) set.members.add(pe);
    if (keys.some((x) => x !== '.')) {
      const child = fromFieldsV1(inner);
      if (!child.isEmpty()) set.children.set(pe, child);
    }
  }
  return set;
}
