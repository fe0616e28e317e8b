import { describe, expect, it } from 'vitest';
import { PatchError } from './errors.js';
import { applyPatchType, parsePatchBody, patchTypeOf } from './index.js';
import { goJsonSyntaxError } from './json-syntax.js';

function rejected(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };

describe('patchTypeOf', () => {
  it('maps the four media types and ignores parameters', () => {
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeOf('application/apply-patch+yaml')).toBe('apply');
  });

  it('answers 415 with the accepted list of installer.go', () => {
    const err = rejected(() => patchTypeOf('application/json'));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('refuses strategic merge patch for custom resources like apiextensions does', () => {
    const err = rejected(() => applyPatchType('application/strategic-merge-patch+json', cm, '{}', { strategicMergePatch: false }));
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});

describe('parsePatchBody', () => {
  it('reports malformed JSON with encoding/json messages', () => {
    expect(goJsonSyntaxError('{bad')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(goJsonSyntaxError('{"a":1')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonSyntaxError('{"a":1 "b"}')).toBe('invalid character \'"\' after object key:value pair');
    expect(goJsonSyntaxError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonSyntaxError('{"a":tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonSyntaxError('{} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError("{'a':1}")).toBe("invalid character '\\'' looking for beginning of object key string");
    expect(goJsonSyntaxError('-')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('{"a":[1,{"b":null}],"c":-1.5e+3}')).toBeUndefined();
  });

  it('prefixes JSON and merge patch decode errors the way UnmarshalStrict does (Warn is the default)', () => {
    expect(rejected(() => parsePatchBody('merge', '{bad')).message).toBe("error decoding patch: invalid character 'b' looking for beginning of object key string");
    expect(rejected(() => parsePatchBody('merge', '{bad', { fieldValidation: 'Ignore' })).message).toBe('Invalid JSON Patch');
    expect(rejected(() => parsePatchBody('json', '{"op":"add"}')).message).toBe(
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    );
    expect(rejected(() => parsePatchBody('merge', '[1]')).message).toBe('error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(rejected(() => parsePatchBody('merge', 'null')).message).toBe('Invalid JSON Patch');
  });

  it('gives strategic merge patch the raw decoder message and treats null as empty', () => {
    const err = rejected(() => parsePatchBody('strategic', '{"spec":}'));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe("invalid character '}' looking for beginning of value");
    expect(parsePatchBody('strategic', 'null')).toEqual({});
  });

  it('decodes apply bodies as YAML or JSON and words YAML errors like applyPatcher', () => {
    expect(parsePatchBody('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(parsePatchBody('apply', '{"apiVersion":"v1","kind":"ConfigMap"}')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(parsePatchBody('apply', 'metadata:\n  creationTimestamp: 2024-01-01T00:00:00Z\n')).toEqual({ metadata: { creationTimestamp: '2024-01-01T00:00:00Z' } });
    const err = rejected(() => parsePatchBody('apply', 'a: [1, 2\nb: c'));
    expect(err.message).toMatch(/^error decoding YAML: error converting YAML to JSON: yaml: line \d+: /);
    expect(rejected(() => parsePatchBody('apply', '- a\n- b')).message).toBe(
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });
});

describe('applyPatchType', () => {
  it('dispatches a JSON patch', () => {
    const out = applyPatchType('application/json-patch+json', cm, '[{"op":"replace","path":"/data/a","value":"2"}]');
    expect(out.data).toEqual({ a: '2' });
  });

  it('requires a field manager for apply, as ValidatePatchOptions does', () => {
    const err = rejected(() => applyPatchType('application/apply-patch+yaml', cm, 'apiVersion: v1\nkind: ConfigMap\n', { now: '2024-01-01T00:00:00Z' }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('runs server-side apply through the same entry point', () => {
    const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  b: "2"\n';
    const out = applyPatchType('application/apply-patch+yaml', undefined, body, { manager: 'kubectl', now: '2024-01-01T00:00:00Z' });
    expect(out.data).toEqual({ b: '2' });
    expect(out.metadata.managedFields?.[0]?.fieldsV1).toEqual({ 'f:data': { 'f:b': {} } });
  });

  it('exposes the Status kube-apiserver would send', () => {
    const err = rejected(() => applyPatchType('text/plain', cm, ''));
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: err.message,
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });
});
