import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../common/kube-types.js';
import { readEdited, toEditYaml } from './object-yaml.js';

const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm1', namespace: 'default', resourceVersion: '42', managedFields: [{ manager: 'kubectl' }] },
  data: { b: '80', a: 'true' },
};
const original = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm1' };

describe('kubectl edit text', () => {
  it('writes keys sorted, managedFields hidden, strings that look like other types quoted', () => {
    const text = toEditYaml(cm);
    expect(text).toBe(['apiVersion: v1', 'data:', '  a: "true"', '  b: "80"', 'kind: ConfigMap', 'metadata:', '  name: cm1', '  namespace: default', '  resourceVersion: "42"', ''].join('\n'));
    expect(readEdited(text, original)).toEqual({ object: { ...cm, metadata: { name: 'cm1', namespace: 'default', resourceVersion: '42' }, data: { a: 'true', b: '80' } } });
  });

  it('lists items at the key\'s indentation, as kubectl writes them', () => {
    expect(toEditYaml({ metadata: { name: 'p' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } })).toContain('spec:\n  containers:\n  - image: nginx\n    name: web\n');
  });

  it('an empty file cancels the edit, in kubectl\'s words', () => {
    expect(readEdited('# nothing\n\n', original)).toEqual({ cancelled: 'Edit cancelled, saved file was empty.' });
  });

  it('refuses bad YAML, several documents, and a changed apiVersion, kind or name', () => {
    expect(readEdited('metadata: [unclosed', original)).toMatchObject({ error: expect.stringMatching(/^error parsing the edited YAML: /) as unknown });
    expect(readEdited('a: 1\n---\nb: 2\n', original)).toEqual({ error: 'error parsing the edited YAML: expected one object, found 2 documents' });
    expect(readEdited('- 1\n', original)).toEqual({ error: 'error parsing the edited YAML: the object must be a mapping' });
    const renamed = toEditYaml(cm).replace('name: cm1', 'name: cm2');
    expect(readEdited(renamed, original)).toEqual({ error: 'At least one of apiVersion, kind and name was changed' });
    expect(readEdited(toEditYaml(cm).replace('kind: ConfigMap', 'kind: Secret'), original)).toEqual({ error: 'At least one of apiVersion, kind and name was changed' });
  });
});
