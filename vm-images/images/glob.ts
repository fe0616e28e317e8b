// Path globs for recipe keep/drop lists: `*` stays inside one path segment, `**` crosses
// segments, `{a,b}` picks alternatives. Paths are image-relative without a leading slash.
const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` also matches zero directories, so `a/**/b` matches `a/b`
        if (glob[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; depth++; }
    else if (c === '}' && depth > 0) { re += ')'; depth--; }
    else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when `path` matches `glob` exactly. */
export function globMatch(glob: string, path: string): boolean {
  let re = cache.get(glob);
  if (!re) { re = toRegExp(glob.replace(/^\/+/, '')); cache.set(glob, re); }
  return re.test(path);
}

/** True when `path` or one of its parent directories matches one of `globs`: a dropped
 *  directory takes everything beneath it. */
export function matchesSelfOrParent(globs: readonly string[], path: string): boolean {
  if (globs.length === 0) return false;
  let p = path;
  for (;;) {
    if (globs.some((g) => globMatch(g, p))) return true;
    const slash = p.lastIndexOf('/');
    if (slash < 0) return false;
    p = p.slice(0, slash);
  }
}
