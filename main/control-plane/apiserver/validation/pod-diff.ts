// The diff kube appends to "pod updates may not change fields other than ...".
// kube-apiserver renders cmp.Diff(oldPod.Spec, mungedPodSpec) with go-cmp, whose
// output is deliberately unstable (it randomly swaps spaces for non-breaking
// ones), so nobody can match it byte for byte. This renders the same shape:
// `  core.PodSpec{`, "-" lines for the old value, "+" for the new, tabs per depth,
// and "... // N identical fields" for what did not change.
import { goFieldName, goLiteral } from './go-value.js';
import { isObject, semanticEqual } from './json.js';

const TYPE_NAMES: Record<string, string> = {
  containers: '[]core.Container',
  initContainers: '[]core.Container',
  ephemeralContainers: '[]core.EphemeralContainer',
  volumes: '[]core.Volume',
  tolerations: '[]core.Toleration',
  ports: '[]core.ContainerPort',
  env: '[]core.EnvVar',
  volumeMounts: '[]core.VolumeMount',
  resources: 'core.ResourceRequirements',
  securityContext: '&core.SecurityContext',
  livenessProbe: '&core.Probe',
  readinessProbe: '&core.Probe',
  startupProbe: '&core.Probe',
  affinity: '&core.Affinity',
  nodeSelector: 'map[string]string',
};

type Marker = ' ' | '-' | '+';

function line(marker: Marker, depth: number, text: string): string {
  return `${marker} ${'\t'.repeat(depth)}${text}`;
}

function identical(depth: number, n: number): string[] {
  if (n === 0) return [];
  return [line(' ', depth, `... // ${n} identical ${n === 1 ? 'field' : 'fields'}`)];
}

function scalarLines(label: string, oldV: unknown, newV: unknown, depth: number): string[] {
  const out: string[] = [];
  if (oldV !== undefined) out.push(line('-', depth, `${label}${goLiteral(oldV)},`));
  if (newV !== undefined) out.push(line('+', depth, `${label}${goLiteral(newV)},`));
  return out;
}

function arrayLines(label: string, typeName: string, oldV: unknown[], newV: unknown[], depth: number): string[] {
  if (oldV.length !== newV.length) return scalarLines(label, oldV, newV, depth);
  const out = [line(' ', depth, `${label}${typeName}{`)];
  let same = 0;
  oldV.forEach((o, i) => {
    const n = newV[i];
    if (semanticEqual(o, n)) {
      same++;
      return;
    }
    out.push(...identical(depth + 1, same));
    same = 0;
    if (isObject(o) && isObject(n)) {
      out.push(line(' ', depth + 1, '{'), ...objectBody(o, n, depth + 2), line(' ', depth + 1, '},'));
    } else {
      out.push(...scalarLines('', o, n, depth + 1));
    }
  });
  out.push(...identical(depth + 1, same), line(' ', depth, '},'));
  return out;
}

function fieldLines(k: string, oldV: unknown, newV: unknown, depth: number): string[] {
  const label = `${goFieldName(k)}: `;
  const typeName = TYPE_NAMES[k] ?? '';
  if (Array.isArray(oldV) && Array.isArray(newV)) return arrayLines(label, typeName, oldV, newV, depth);
  if (isObject(oldV) && isObject(newV)) {
    return [line(' ', depth, `${label}${typeName}{`), ...objectBody(oldV, newV, depth + 1), line(' ', depth, '},')];
  }
  return scalarLines(label, oldV, newV, depth);
}

function objectBody(oldObj: Record<string, unknown>, newObj: Record<string, unknown>, depth: number): string[] {
  const keys = [...new Set([...Object.keys(oldObj), ...Object.keys(newObj)])];
  const out: string[] = [];
  let same = 0;
  for (const k of keys) {
    if (semanticEqual(oldObj[k], newObj[k])) {
      same++;
      continue;
    }
    out.push(...fieldLines(k, oldObj[k], newObj[k], depth));
  }
  return out.concat(identical(depth, same));
}

/** a go-cmp-shaped diff of two pod specs (old first, as kube calls cmp.Diff(old, new)) */
export function renderPodSpecDiff(oldSpec: Record<string, unknown>, newSpec: Record<string, unknown>): string {
  return [line(' ', 0, 'core.PodSpec{'), ...objectBody(oldSpec, newSpec, 1), line(' ', 0, '}')].join('\n') + '\n';
}
