// Objects shown the way `kubectl get -o yaml` reads (keys sorted as its JSON-to-YAML
// conversion sorts them, indentation, "- " for list items) without shipping a YAML
// library to the renderer. Strings that YAML would read as something else (numbers,
// booleans, empty, leading symbols) are JSON-quoted.
const PLAIN = /^[A-Za-z_/][\w./:@ -]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return PLAIN.test(v) && !RESERVED.test(v) && !v.endsWith(' ') && !v.includes(': ') ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function lines(v: unknown, indent: string): string[] {
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (!isContainer(item)) return [`${indent}- ${Array.isArray(item) ? '[]' : typeof item === 'object' && item !== null ? '{}' : scalar(item)}`];
      const [first = '', ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.flatMap(([key, value]) => {
    const k = scalar(key);
    if (isContainer(value)) return [`${indent}${k}:`, ...lines(value, Array.isArray(value) ? indent : `${indent}  `)];
    if (Array.isArray(value)) return [`${indent}${k}: []`];
    if (typeof value === 'object' && value !== null) return [`${indent}${k}: {}`];
    return [`${indent}${k}: ${scalar(value)}`];
  });
}

export function toYamlish(v: unknown): string {
  return isContainer(v) ? lines(v, '').join('\n') : scalar(v);
}
