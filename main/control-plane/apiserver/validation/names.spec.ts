import { describe, expect, it } from 'vitest';
import { goLabelSelector, goQuote, goStringMap, goStringSlice, renderBadValue } from './go-value.js';
import { validateAnnotations, validateLabels, validateObjectMeta } from './meta.js';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  nameIsDNSSubdomain,
} from './names.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('name rules', () => {
  it('prints the RFC 1123 subdomain message byte for byte', () => {
    expect(isDNS1123Subdomain('Nginx')).toEqual([SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain('nginx.example.com')).toEqual([]);
  });

  it('prints the RFC 1123 label message with its double space', () => {
    expect(isDNS1123Label('My_NS')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('says "must not contain dots" for a subdomain where a label is required', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('checks length before the pattern', () => {
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('uses DNS-1035 for services (must start with a letter)', () => {
    expect(isDNS1035Label('1web')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('allows a trailing dash in a generateName prefix', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toHaveLength(1);
  });

  it('validates qualified names part by part', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('-bad')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });

  it('validates label values, port names and config keys', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('a b')).toHaveLength(1);
    expect(isValidPortName('HTTP')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    expect(isConfigMapKey('..x')).toEqual(["must not start with '..'"]);
  });
});

describe('Go value rendering', () => {
  it('renders like %q and %#v', () => {
    expect(goQuote('a"b\n')).toBe('"a\\"b\\n"');
    expect(goStringMap({ tier: 'nginx', app: 'x' }).go).toBe('map[string]string{"app":"x", "tier":"nginx"}');
    expect(goStringMap(undefined).go).toBe('map[string]string(nil)');
    expect(goStringSlice(['a', 'b']).go).toBe('[]string{"a", "b"}');
    expect(renderBadValue(null)).toBe('null');
    expect(renderBadValue(-1)).toBe('-1');
  });

  it('renders a label selector as the dereferenced v1.LabelSelector', () => {
    expect(goLabelSelector({ matchLabels: { app: 'web' } }).go).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
    expect(goLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }).go).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"a", Operator:"In", Values:[]string{"x"}}}}',
    );
  });
});

describe('object meta', () => {
  it('requires a name', () => {
    expect(validateObjectMeta({ namespace: 'default' }, true, nameIsDNSSubdomain)).toEqual([
      { type: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
    ]);
  });

  it('rejects an invalid name with the value quoted', () => {
    const [err] = validateObjectMeta({ name: 'Nginx', namespace: 'default' }, true, nameIsDNSSubdomain);
    expect(err).toEqual({ type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Nginx": ${SUBDOMAIN_MSG}` });
  });

  it('forbids a namespace on cluster-scoped objects and requires it on namespaced ones', () => {
    expect(validateObjectMeta({ name: 'n1', namespace: 'x' }, false, nameIsDNSSubdomain)).toEqual([
      { type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
    ]);
    expect(validateObjectMeta({ name: 'p' }, true, nameIsDNSSubdomain)[0]?.field).toBe('metadata.namespace');
  });

  it('reports label problems at the map path', () => {
    const errs = validateLabels({ 'bad key!': 'ok', app: 'not ok!' }, 'metadata.labels');
    expect(errs.map((e) => e.field)).toEqual(['metadata.labels', 'metadata.labels']);
    // keys are visited in sorted order ("app" before "bad key!")
    expect(errs[0]?.message).toMatch(/^Invalid value: "not ok!": a valid label must be an empty string/);
    expect(errs[1]?.message).toMatch(/^Invalid value: "bad key!": name part must consist of/);
  });

  it('limits annotation size to 256 KiB', () => {
    // keys count too: 3 + 262141 is exactly the limit
    expect(validateAnnotations({ big: 'x'.repeat(262141) }, 'metadata.annotations')).toEqual([]);
    expect(validateAnnotations({ big: 'x'.repeat(262141), k: 'v' }, 'metadata.annotations')).toEqual([
      { type: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' },
    ]);
  });
});
