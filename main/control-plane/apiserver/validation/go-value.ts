// How field.Error prints its bad value in kube 1.32 (apimachinery
// util/validation/field/errors.go ErrorBody): strings with %q, int32/int64/bool
// with %v, everything else with %#v (pointers dereferenced first). 1.34 switched
// to JSON; 1.32 still prints Go syntax, e.g. map[string]string{"tier":"nginx"}.
import { asObject, asStringMap, getArray, isObject, sortedKeys, str } from './json.js';
import type { JsonObject } from './json.js';

/** a value already rendered in Go syntax, printed verbatim */
export interface GoRendered {
  readonly go: string;
}

/** string → %q, number/boolean → %v, null → "null" (nil pointer), GoRendered → as is */
export type BadValue = string | number | boolean | null | GoRendered;

export function goRaw(go: string): GoRendered {
  return { go };
}

const ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** strconv.Quote: printable runes stay, control characters become escapes */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (esc) out += esc;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0xfeff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

export function renderBadValue(v: BadValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v.go;
}

/** %#v of map[string]string; nil (absent) prints as map[string]string(nil) */
export function goStringMap(v: unknown): GoRendered {
  const m = asStringMap(v);
  if (!m) return goRaw('map[string]string(nil)');
  const entries = sortedKeys(m).map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`);
  return goRaw(`map[string]string{${entries.join(', ')}}`);
}

/** %#v of []string */
export function goStringSlice(v: unknown): GoRendered {
  if (!Array.isArray(v)) return goRaw('[]string(nil)');
  const items = v.map((e) => goQuote(typeof e === 'string' ? e : ''));
  return goRaw(`[]string{${items.join(', ')}}`);
}

function goRequirement(r: JsonObject): string {
  const values = goStringSlice(getArray(r, 'values')).go;
  return `v1.LabelSelectorRequirement{Key:${goQuote(str(r, 'key'))}, Operator:${goQuote(str(r, 'operator'))}, Values:${values}}`;
}

/** %#v of a dereferenced *metav1.LabelSelector, as in the famous "field is immutable" message */
export function goLabelSelector(v: unknown): GoRendered {
  const sel = asObject(v);
  if (!sel) return goRaw('null');
  const exprs = getArray(sel, 'matchExpressions');
  const exprText = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs.map((e) => goRequirement(asObject(e) ?? {})).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goRaw(`v1.LabelSelector{MatchLabels:${goStringMap(sel['matchLabels']).go}, MatchExpressions:${exprText}}`);
}

/** %#v of intstr.IntOrString (Type 0 = Int, 1 = String) */
export function goIntOrString(v: unknown): GoRendered {
  if (typeof v === 'string') return goRaw(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`);
  const n = typeof v === 'number' ? v : 0;
  return goRaw(`intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`);
}

/** %#v of a *int64 / *string field inside a struct */
function goPtr(v: unknown, type: 'int64' | 'string'): string {
  if (type === 'int64') return typeof v === 'number' ? `(*int64)(${v})` : '(*int64)(nil)';
  return typeof v === 'string' ? `(*string)(${goQuote(v)})` : '(*string)(nil)';
}

/** %#v of core.Toleration */
export function goToleration(t: JsonObject): GoRendered {
  return goRaw(
    `core.Toleration{Key:${goQuote(str(t, 'key'))}, Operator:${goQuote(str(t, 'operator'))}, Value:${goQuote(str(t, 'value'))}, ` +
      `Effect:${goQuote(str(t, 'effect'))}, TolerationSeconds:${goPtr(t['tolerationSeconds'], 'int64')}}`,
  );
}

/** %#v of the core.ServicePort key used by the duplicate-port check */
export function goServicePortKey(protocol: string, port: number): GoRendered {
  return goRaw(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
      `TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

/** compact Go-ish rendering of any JSON value, for diffs where exact syntax is not reproducible */
export function goLiteral(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(goLiteral).join(', ')}}`;
  if (isObject(v)) {
    const parts = Object.keys(v).map((k) => `${goFieldName(k)}: ${goLiteral(v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return typeof v === 'bigint' ? v.toString() : '';
}

const INITIALISMS: Record<string, string> = {
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  hostIPC: 'HostIPC',
  hostPID: 'HostPID',
  tty: 'TTY',
  httpGet: 'HTTPGet',
  tcpSocket: 'TCPSocket',
  grpc: 'GRPC',
  uid: 'UID',
  apiVersion: 'APIVersion',
  os: 'OS',
};

/** the Go struct field name behind a JSON key (core.PodSpec prints Go names) */
export function goFieldName(jsonKey: string): string {
  return INITIALISMS[jsonKey] ?? jsonKey.charAt(0).toUpperCase() + jsonKey.slice(1);
}
