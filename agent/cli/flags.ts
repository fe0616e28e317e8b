// Command-line flags the way crictl (urfave/cli v2 on Go's flag package) takes them:
// `--name value`, `--name=value`, `-name value` (Go accepts one dash for long names),
// short aliases `-q`, combined short booleans `-it` / `-aq` (UseShortOptionHandling),
// repeatable string slices (`--label a=b --label c=d`), Go durations (`2s`, `500ms`).
// Unlike Go's flag package, flags may also follow the positional arguments
// (`crictl logs ID -f`), except for commands that take a command line (exec) where
// everything after the first positional argument belongs to it.
import { CrictlError } from './errors.js';

export type FlagType = 'bool' | 'string' | 'int' | 'strings' | 'duration';

export interface FlagSpec {
  name: string;
  aliases?: readonly string[];
  type: FlagType;
  usage: string;
  /** the value when not given (booleans default to false, strings to '', ints to 0) */
  default?: string | number | boolean;
}

type FlagValue = string | number | boolean | string[];

export class ParsedFlags {
  constructor(
    private readonly values: ReadonlyMap<string, FlagValue>,
    private readonly explicit: ReadonlySet<string>,
    readonly args: readonly string[],
  ) {}

  isSet(name: string): boolean {
    return this.explicit.has(name);
  }
  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  string(name: string): string {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : '';
  }
  int(name: string): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : 0;
  }
  /** a duration flag, in milliseconds */
  duration(name: string): number {
    return this.int(name);
  }
  strings(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDuration(s: string): number {
  const orig = s;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new CrictlError(`time: invalid duration ${JSON.stringify(orig)}`);
  let total = 0;
  const re = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)?/;
  while (s.length) {
    const m = re.exec(s);
    if (!m) throw new CrictlError(`time: invalid duration ${JSON.stringify(orig)}`);
    const unit = m[2];
    if (!unit) throw new CrictlError(`time: missing unit in duration ${JSON.stringify(orig)}`);
    total += Number(m[1]) * (UNITS[unit] ?? 0);
    s = s.slice(m[0].length);
  }
  return sign * total;
}

function convert(spec: FlagSpec, raw: string, shown: string): FlagValue {
  switch (spec.type) {
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) throw new CrictlError(`invalid value ${JSON.stringify(raw)} for flag -${shown}: parse error`);
      return Number(raw);
    }
    case 'duration':
      try {
        return parseGoDuration(raw);
      } catch {
        throw new CrictlError(`invalid value ${JSON.stringify(raw)} for flag -${shown}: parse error`);
      }
    case 'bool':
      if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(raw)) return true;
      if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(raw)) return false;
      throw new CrictlError(`invalid boolean value ${JSON.stringify(raw)} for -${shown}: parse error`);
    default:
      return raw;
  }
}

function defaults(specs: readonly FlagSpec[]): Map<string, FlagValue> {
  const values = new Map<string, FlagValue>();
  for (const s of specs) {
    if (s.type === 'strings') values.set(s.name, []);
    else if (s.type === 'bool') values.set(s.name, s.default === true);
    else if (s.type === 'int' || s.type === 'duration') values.set(s.name, typeof s.default === 'number' ? s.default : 0);
    else values.set(s.name, typeof s.default === 'string' ? s.default : '');
  }
  return values;
}

export interface ParseOptions {
  /** the first positional argument ends flag parsing (exec: the rest is the command line) */
  stopAtFirstArg?: boolean;
  /** stop at the first positional without consuming it (the global flags before a command) */
  stopBeforeFirstArg?: boolean;
}

/** Parses argv against specs; throws CrictlError("flag provided but not defined: -x") like Go. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], opts: ParseOptions = {}): ParsedFlags & { rest: string[] } {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) for (const n of [s.name, ...(s.aliases ?? [])]) byName.set(n, s);
  const values = defaults(specs);
  const explicit = new Set<string>();
  const args: string[] = [];
  const set = (spec: FlagSpec, raw: string, shown: string): void => {
    const v = convert(spec, raw, shown);
    if (spec.type === 'strings') (values.get(spec.name) as string[]).push(raw);
    else values.set(spec.name, v);
    explicit.add(spec.name);
  };

  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      i = argv.length;
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (opts.stopBeforeFirstArg) break;
      args.push(a);
      if (opts.stopAtFirstArg) {
        args.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      }
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const spec = byName.get(name);
    if (spec) {
      if (spec.type === 'bool') set(spec, inline ?? 'true', name);
      else if (inline !== undefined) set(spec, inline, name);
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new CrictlError(`flag needs an argument: -${name}`);
        set(spec, next, name);
        i++;
      }
      continue;
    }
    // -it, -aq: a group of single-letter booleans
    const group = !a.startsWith('--') && inline === undefined ? [...body].map((c) => byName.get(c)) : [];
    if (group.length > 1 && group.every((s) => s?.type === 'bool')) {
      for (const s of group) if (s) set(s, 'true', s.name);
      continue;
    }
    throw new CrictlError(`flag provided but not defined: -${name}`);
  }
  return Object.assign(new ParsedFlags(values, explicit, args), { rest: argv.slice(i) });
}
