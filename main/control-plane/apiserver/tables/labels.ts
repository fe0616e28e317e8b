// Label formatting as k8s.io/apimachinery prints it: labels.FormatLabels for plain maps
// (service and RC selectors, DaemonSet node selectors) and the LabelSelector string of
// metav1.LabelSelectorAsSelector(...).String() for set-based selectors.
import { isRecord, list, str, stringMap } from './accessors.js';

/** labels.Set.String(): "k=v" pairs sorted as whole strings, joined by "," */
export function labelSetString(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .sort(compareGoStrings)
    .join(',');
}

/** labels.FormatLabels: the set string, or "<none>" when empty */
export function formatLabels(labels: Record<string, string>): string {
  const formatted = labelSetString(labels);
  return formatted === '' ? '<none>' : formatted;
}

/** the outcome of metav1.LabelSelectorAsSelector: a selector string or a conversion error */
export type SelectorString = { ok: true; value: string } | { ok: false; error: string };

interface Requirement {
  key: string;
  operator: 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(). A nil selector is labels.Nothing()
 * (prints ""), an empty one labels.Everything() (also ""). Requirements are sorted by
 * key and set values are sorted, as internalSelector.String() prints them.
 */
export function labelSelectorString(selector: unknown): SelectorString {
  if (!isRecord(selector)) return { ok: true, value: '' };
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(stringMap(selector, 'matchLabels'))) {
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  for (const expression of list(selector, 'matchExpressions')) {
    const operator = str(expression, 'operator');
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
      return { ok: false, error: `"${operator}" is not a valid label selector operator` };
    }
    const values = list(expression, 'values').filter((v): v is string => typeof v === 'string');
    requirements.push({ key: str(expression, 'key'), operator, values });
  }
  for (const requirement of requirements) {
    const error = requirementError(requirement);
    if (error !== undefined) return { ok: false, error };
  }
  // sort.Sort(ByKey) is not stable in Go; keys from matchLabels are unique, so a stable
  // sort gives the same output for every selector the API accepts.
  requirements.sort((a, b) => compareGoStrings(a.key, b.key));
  return { ok: true, value: requirements.map(requirementString).join(',') };
}

/** metav1.FormatLabelSelector: "<none>" for an empty/nil selector, "<error>" if invalid */
export function formatLabelSelector(selector: unknown): string {
  const result = labelSelectorString(selector);
  if (!result.ok) return '<error>';
  return result.value === '' ? '<none>' : result.value;
}

function requirementString(requirement: Requirement): string {
  const { key, operator, values } = requirement;
  switch (operator) {
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    case 'Equals':
      return `${key}=${values.join(',')}`;
    case 'In':
    case 'NotIn': {
      const sorted = [...values].sort(compareGoStrings).join(',');
      return `${key} ${operator === 'In' ? 'in' : 'notin'} (${sorted})`;
    }
  }
}

// The checks of labels.NewRequirement, so that selectors kube would refuse to print
// come out as "<error>" / "<invalid>" here too.
function requirementError(requirement: Requirement): string | undefined {
  const { key, operator, values } = requirement;
  const keyError = qualifiedNameError(key);
  if (keyError !== undefined) return `key: Invalid value: "${key}": ${keyError}`;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty";
  }
  if (operator === 'Equals' && values.length !== 1) {
    return "values: Invalid value: []: exact-match compatibility requires one single value";
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) {
    return "values: Invalid value: []: values set must be empty for exists and does not exist";
  }
  for (const value of values) {
    if (!isLabelValue(value)) return `values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`;
  }
  return undefined;
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  if (parts.length > 2) return 'a qualified name must consist of alphanumeric characters';
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'prefix part must be a lowercase RFC 1123 subdomain';
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) {
    return 'name part must consist of alphanumeric characters';
  }
  return undefined;
}

function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}

/** Go compares strings bytewise; label text is ASCII, where UTF-16 order agrees. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
