import { describe, expect, it } from 'vitest';
import type { ManifestSchema } from '../../../main/common/bridge/manifests.js';
import { ITEM, documentKind, fieldsAt, keyContext } from './completion-path.js';
import { lineOf } from './run-results.js';
import { lintManifests } from './schema-lint.js';

const SCHEMA: ManifestSchema = {
  kinds: [{ apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, type: 'Pod' }],
  types: {
    Pod: { fields: { apiVersion: { type: { t: 'string' } }, kind: { type: { t: 'string' } }, metadata: { type: { t: 'object', ref: 'Meta' } }, spec: { type: { t: 'object', ref: 'PodSpec' } } } },
    Meta: { fields: { name: { type: { t: 'string' } }, labels: { type: { t: 'map', values: { t: 'string' } } } } },
    PodSpec: { fields: { containers: { type: { t: 'array', items: { t: 'object', ref: 'Container' } } }, restartPolicy: { type: { t: 'string', enum: ['Always', 'OnFailure', 'Never'] } } } },
    Container: { fields: { name: { type: { t: 'string' }, required: true }, image: { type: { t: 'string' }, description: 'Container image name.' }, ports: { type: { t: 'array', items: { t: 'object', ref: 'Port' } } } } },
    Port: { fields: { containerPort: { type: { t: 'integer' } }, protocol: { type: { t: 'string' } } } },
  },
};

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
spec:
  restartPolicy: Sometimes
  containers:
  - name: nginx
    imagee: nginx
    ports:
    - containerPort: "80"
`;

describe('lintManifests', () => {
  it('flags unknown fields and wrong types on their lines, with API-style paths', () => {
    const found = lintManifests(POD, SCHEMA).map((d) => ({ key: d.key, line: lineOf(POD, d.from), ...d.values }));
    expect(found).toEqual([
      { key: 'notInEnum', line: 7, path: 'spec.restartPolicy', value: 'Sometimes', allowed: '"Always", "OnFailure", "Never"' },
      { key: 'unknownField', line: 10, path: 'spec.containers[0].imagee' },
      { key: 'wrongType', line: 12, path: 'spec.containers[0].ports[0].containerPort', expected: 'integer', got: 'string' },
    ]);
  });

  it('checks each document of a multi-document text, and says when kind is missing', () => {
    const text = `${POD}---\napiVersion: v1\nmetadata: {}\n---\n# only a comment\n`;
    const keys = lintManifests(text, SCHEMA).map((d) => `${d.key}@${lineOf(text, d.from)}`);
    expect(keys).toContain('kindNotSet@14');
    expect(keys.filter((k) => k.startsWith('unknownField'))).toHaveLength(1);
  });

  it('reports YAML syntax errors', () => {
    expect(lintManifests('a: [1,\n', SCHEMA)[0]?.key).toBe('syntax');
  });
});

describe('completion context', () => {
  const lines = POD.split('\n');
  it('walks up through keys and list items by indentation', () => {
    expect(keyContext(lines, 10, '    ')?.path).toEqual(['spec', 'containers', ITEM]);
    expect(keyContext(lines, 12, '      pro')).toEqual({ path: ['spec', 'containers', ITEM, 'ports', ITEM], prefix: 'pro', column: 6 });
    expect(keyContext(lines, 12, '  - ')?.path).toEqual(['spec', 'containers', ITEM]);
    expect(keyContext(lines, 3, '  na')?.path).toEqual(['metadata']);
    expect(keyContext(lines, 1, 'ki')?.path).toEqual([]);
    expect(keyContext(lines, 10, '    image: ng')).toBeNull();
  });

  it('resolves the path to the fields the schema allows there', () => {
    const { apiVersion, kind } = documentKind(lines, 10);
    expect([apiVersion, kind]).toEqual(['v1', 'Pod']);
    expect(Object.keys(fieldsAt(SCHEMA, apiVersion, kind, ['spec', 'containers', ITEM]) ?? {})).toEqual(['name', 'image', 'ports']);
    expect(fieldsAt(SCHEMA, apiVersion, kind, ['metadata', 'labels'])).toBeNull();
  });
});
