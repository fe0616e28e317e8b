import { describe, expect, it } from 'vitest';
import { compileSchema, parseFieldSpec, SchemaError } from './compile.js';
import { SCHEMA, TOP_LEVEL_KINDS, messageForKind } from './index.js';

describe('protobuf schema tables', () => {
  it('compile, with every referenced message defined', () => {
    expect(SCHEMA.size).toBeGreaterThan(100);
  });

  it('map every top-level kind to a message, and DeleteOptions in any group version', () => {
    for (const [apiVersion, kinds] of Object.entries(TOP_LEVEL_KINDS)) {
      for (const [kind, message] of Object.entries(kinds)) {
        expect(SCHEMA.has(message), `${apiVersion} ${kind}`).toBe(true);
        expect(SCHEMA.get(message)?.get(1)?.json, `${kind} starts with metadata`).toBe('metadata');
      }
    }
    expect(messageForKind('policy/v1', 'DeleteOptions')).toBe('DeleteOptions');
    expect(messageForKind('v1', 'Widget')).toBeUndefined();
  });

  it('hold no message that no top-level kind reaches', () => {
    const reached = new Set<string>(['DeleteOptions']);
    const queue = Object.values(TOP_LEVEL_KINDS).flatMap((k) => Object.values(k));
    queue.push('DeleteOptions');
    while (queue.length > 0) {
      const name = queue.pop() ?? '';
      reached.add(name);
      for (const f of SCHEMA.get(name)?.values() ?? []) {
        if (f.value.kind === 'message' && !reached.has(f.value.type)) queue.push(f.value.type);
      }
    }
    expect([...SCHEMA.keys()].filter((m) => !reached.has(m))).toEqual([]);
  });

  it('read the field notation', () => {
    expect(parseFieldSpec('replicas:int32?', 't')).toMatchObject({ json: 'replicas', presence: 'pointer', repeated: false, map: false });
    expect(parseFieldSpec('ports:[ServicePort]', 't')).toMatchObject({ repeated: true, value: { kind: 'message', type: 'ServicePort' } });
    expect(parseFieldSpec('data:{bytes}', 't')).toMatchObject({ map: true, value: { kind: 'scalar', type: 'bytes' } });
    expect(parseFieldSpec('selector:LabelSelector~', 't')).toMatchObject({ presence: 'nullable' });
    expect(parseFieldSpec('creationTimestamp:Time!', 't')).toMatchObject({ presence: 'always', value: { kind: 'wellKnown', type: 'Time' } });
    expect(parseFieldSpec('...LocalObjectReference', 't')).toMatchObject({ inline: true, json: '' });
    expect(() => parseFieldSpec('ports:[ServicePort', 't')).toThrow(SchemaError);
    expect(() => compileSchema({ A: { 1: 'b:Missing' } })).toThrow('A.1 refers to unknown message Missing');
    expect(() => compileSchema({ A: { 1: 'b:string', 2: 'b:int32' } })).toThrow("json name 'b' used twice");
  });
});
