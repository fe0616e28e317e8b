import { describe, expect, it } from 'vitest';
import { failureStatus } from '../../../main/common/bridge/contract.js';
import { locate, parseFieldPath, statusProblems } from './field-path.js';
import { lineOf, mapResults } from './run-results.js';

const TWO_DOCS = `# first: a deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  labels:
    app: x
spec:
  containers:
  - name: nginx
    image: nginx
  - name: agentx
    imagee: agentx
`;

const lineAt = (text: string, index: number, path?: string): number | undefined => {
  const at = locate(text, index, path);
  return at ? lineOf(text, at.from) : undefined;
};

describe('parseFieldPath', () => {
  it('splits fields, list indices and map keys the way apimachinery prints them', () => {
    expect(parseFieldPath('spec.containers[0].imagee')).toEqual(['spec', 'containers', 0, 'imagee']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseFieldPath('spec.template.spec.containers[1].ports[0].containerPort')).toEqual(['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'containerPort']);
  });
});

describe('field path → line, per document', () => {
  it('finds the field in the document it belongs to', () => {
    expect(lineAt(TWO_DOCS, 0, 'spec.replicas')).toBe(7);
    expect(lineAt(TWO_DOCS, 0, 'spec.template.spec.containers[0].image')).toBe(12);
    expect(lineAt(TWO_DOCS, 1, 'spec.containers[1].imagee')).toBe(24);
    expect(lineAt(TWO_DOCS, 1, 'spec.containers[1]')).toBe(23);
    expect(locate(TWO_DOCS, 1, 'spec.containers[1].imagee')?.exact).toBe(true);
  });

  it('marks the deepest ancestor when the field is missing (metadata.name required)', () => {
    const at = locate(TWO_DOCS, 1, 'metadata.name');
    expect(at?.exact).toBe(false);
    expect(lineOf(TWO_DOCS, at?.from ?? 0)).toBe(16);
  });

  it('a path that is not there at all marks the document', () => {
    expect(lineAt(TWO_DOCS, 1, 'status.phase')).toBe(14);
    expect(locate(TWO_DOCS, 5, 'spec')).toBeNull();
  });
});

describe('statusProblems', () => {
  it('uses details.causes of a 422 Invalid', () => {
    const s = failureStatus(422, 'Invalid', 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0', [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
    expect(statusProblems(s)).toEqual([{ path: 'spec.replicas', message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0' }]);
  });

  it('reads the fields of a strict decoding error (400, no causes) from its message', () => {
    const s = failureStatus(400, 'BadRequest', 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[1].imagee", unknown field "spec.foo"');
    expect(statusProblems(s).map((p) => p.path)).toEqual(['spec.containers[1].imagee', 'spec.foo']);
  });

  it('maps every document outcome onto its own lines', () => {
    const { messages, diagnostics } = mapResults(TWO_DOCS, [
      { index: 0, ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ok: false, status: failureStatus(422, 'Invalid', 'x', [{ field: 'spec.replicas', message: 'Invalid value: -1' }]) },
      { index: 1, ref: { apiVersion: 'v1', kind: 'Pod' }, ok: false, status: failureStatus(400, 'BadRequest', 'strict decoding error: unknown field "spec.containers[1].imagee"') },
    ]);
    expect(messages.map((m) => [m.doc, m.line])).toEqual([
      [0, 7],
      [1, 24],
    ]);
    expect(messages[0]?.text).toBe('deployment.apps/web: spec.replicas: Invalid value: -1');
    expect(TWO_DOCS.slice(diagnostics[1]?.from, diagnostics[1]?.to)).toBe('imagee');
  });
});
