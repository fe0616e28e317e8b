// inspect / inspectp / inspecti / info documents and the protojson of list outputs,
// against the CRI proto's own descriptors.
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, PodSandbox } from '../../cri/types.js';
import { criSchema } from '../proto-schema.js';
import { goMapJson, goYaml, indentJson, protoJson } from './proto-json.js';
import { containerStatusJson, outputStatusData, podStatusJson } from './status.js';
import { GO_ZERO_TIME, goTimeString, rfc3339Nano } from './time.js';

const schema = criSchema();
const utc = { offsetMinutes: (): number => 0 };

const sandbox: PodSandbox = {
  labels: { z: '1', a: '2' }, annotations: {}, id: 'abc', metadata: { name: 'n', uid: 'u', namespace: 'ns', attempt: 0 }, state: 'SANDBOX_READY', createdAt: 1_714_564_800_123_456_000, runtimeHandler: '',
};

const status: ContainerStatus = {
  mounts: [], labels: {}, annotations: { 'x/y': 'a<b&c' }, id: 'c1', metadata: { name: 'web', attempt: 0 }, state: 'CONTAINER_RUNNING',
  createdAt: 1_714_564_800_000_000_000, startedAt: 1_714_564_801_500_000_000, finishedAt: 0, exitCode: 0, image: { image: 'docker.io/library/nginx:latest', annotations: {} },
  imageRef: 'sha256:605c', reason: '', message: '', logPath: '/var/log/pods/x/web/0.log',
  resources: { linux: { cpuPeriod: 100000, cpuQuota: 0, cpuShares: 2, memoryLimitInBytes: 0, oomScoreAdj: 1000, cpusetCpus: '', cpusetMems: '', hugepageLimits: [], unified: {}, memorySwapLimitInBytes: 0 }, windows: null },
};

describe('protojson of CRI messages (crictl -o json)', () => {
  it('writes fields in .proto order, 64-bit integers as strings, sorted map keys, no null messages', () => {
    expect(indentJson(protoJson(schema, 'runtime.v1.ListPodSandboxResponse', { items: [sandbox] }))).toBe(`{
  "items": [
    {
      "id": "abc",
      "metadata": {
        "name": "n",
        "uid": "u",
        "namespace": "ns",
        "attempt": 0
      },
      "state": "SANDBOX_READY",
      "createdAt": "1714564800123456000",
      "labels": {
        "a": "2",
        "z": "1"
      },
      "annotations": {},
      "runtimeHandler": ""
    }
  ]
}`);
  });

  it('writes YAML as sigs.k8s.io/yaml does: sorted keys, quoted number strings, unindented lists', () => {
    expect(goYaml(protoJson(schema, 'runtime.v1.ListPodSandboxResponse', { items: [{ ...sandbox, metadata: { name: 'web', uid: 'u', namespace: 'ns', attempt: 0 } }] }))).toBe(
      'items:\n- annotations: {}\n  createdAt: "1714564800123456000"\n  id: abc\n  labels:\n    a: "2"\n    z: "1"\n  metadata:\n    attempt: 0\n    name: web\n    namespace: ns\n    uid: u\n  runtimeHandler: ""\n  state: SANDBOX_READY\n',
    );
  });
});

describe('inspect documents (outputStatusData)', () => {
  it('merges status and verbose info, sorts every key, RFC3339Nano times, Go HTML escaping', () => {
    const json = containerStatusJson(schema, status, utc);
    const text = outputStatusData([{ status: json, info: { info: '{"pid":42,"sandboxID":"abc","config":{"b":1,"a":2}}' } }], 'json');
    const doc = JSON.parse(text) as { info: { pid: number; config: Record<string, number> }; status: Record<string, unknown> };
    expect(Object.keys(doc)).toEqual(['info', 'status']);
    expect(Object.keys(doc.info.config)).toEqual(['a', 'b']);
    expect(doc.info.pid).toBe(42);
    expect(doc.status.createdAt).toBe('2024-05-01T12:00:00Z');
    expect(doc.status.startedAt).toBe('2024-05-01T12:00:01.5Z');
    expect(doc.status.finishedAt).toBe(GO_ZERO_TIME);
    expect(Object.keys(doc.status)).toEqual([...Object.keys(doc.status)].sort());
    expect(text).toContain('"cpuPeriod": "100000"');
    expect(text).toContain('"x/y": "a\\u003cb\\u0026c"');
    expect(text.startsWith('{\n  "info": {\n    "config": {\n      "a": 2,\n      "b": 1\n    },')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('gives an array for several ids, trims quoted info strings, and refuses unknown formats', () => {
    const pod = podStatusJson(schema, { ...sandbox, network: { ip: '10.0.0.5', additionalIps: [] }, linux: null }, utc);
    const text = outputStatusData([{ status: pod, info: { golang: '"go1.19"' } }, { status: pod, info: {} }], 'json');
    const doc = JSON.parse(text) as { golang?: string; status: { createdAt: string; network: { ip: string } } }[];
    expect(doc).toHaveLength(2);
    expect(doc[0]?.golang).toBe('go1.19');
    expect(doc[0]?.status.createdAt).toBe('2024-05-01T12:00:00.123456Z');
    expect(doc[0]?.status.network.ip).toBe('10.0.0.5');
    expect(() => outputStatusData([{ info: {} }], 'xml')).toThrow('unsupported format: "xml"');
    expect(outputStatusData([], 'json')).toBe('');
  });

  it('escapes like encoding/json', () => {
    expect(goMapJson({ b: '<x>', a: [1, { d: true, c: null }] })).toBe('{\n  "a": [\n    1,\n    {\n      "c": null,\n      "d": true\n    }\n  ],\n  "b": "\\u003cx\\u003e"\n}');
  });
});

describe('Go time formatting', () => {
  it('formats RFC3339Nano in a zone, trimming the fraction', () => {
    expect(rfc3339Nano(1_714_564_800_000_000_000, 0)).toBe('2024-05-01T12:00:00Z');
    expect(rfc3339Nano(1_714_564_800_120_000_000, 540)).toBe('2024-05-01T21:00:00.12+09:00');
    // (ns timestamps arrive as doubles: 256 ns apart at this magnitude)
    expect(rfc3339Nano(1_714_564_800_000_000_256, -300)).toBe('2024-05-01T07:00:00.000000256-05:00');
    expect(goTimeString(1_714_564_800_500_000_000, 0)).toBe('2024-05-01 12:00:00.5 +0000 UTC');
  });
});
