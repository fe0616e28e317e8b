// Hand-built byte cases, each written the way Go's generated marshallers write them:
// every non-pointer field is on the wire even when empty; pointers only when set.
import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE, ProtobufDecodeError } from './index.js';
import { envelope, ProtoWriter } from './proto-writer.fixture.js';

/** ObjectMeta as gogo writes it for a fresh object: all string fields, empty creationTimestamp. */
function objectMeta(w: ProtoWriter, name: string, extra: (w: ProtoWriter) => void = () => undefined): void {
  w.string(1, name).string(2, '').string(3, '').string(4, '').string(5, '').string(6, '').int(7, 0);
  w.message(8, () => undefined);
  extra(w);
}

describe('decodeKubeProtobuf', () => {
  it('exports the media type kubectl sends', () => {
    expect(PROTOBUF_CONTENT_TYPE).toBe('application/vnd.kubernetes.protobuf');
  });

  it('decodes metav1.Time fields in ObjectMeta', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => {
        objectMeta(m, 'dev');
        m.message(8, (t) => t.int(1, 1767225600).int(2, 0)); // a later occurrence wins
        m.message(9, (t) => t.int(1, 1767225630));
        m.int(10, 30);
      })
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'Namespace', raw));
    expect(object).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name: 'dev',
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionTimestamp: '2026-01-01T00:00:30Z',
        deletionGracePeriodSeconds: 30,
      },
      spec: {},
      status: {},
    });
  });

  it('decodes IntOrString as a number or a string (targetPort, httpGet.port)', () => {
    const port = (w: ProtoWriter, name: string, target: (t: ProtoWriter) => void) =>
      w.message(1, (p) => p.string(1, name).string(2, 'TCP').int(3, 80).message(4, target).int(5, 0));
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 'svc'))
      .message(2, (s) => {
        port(s, 'num', (t) => t.int(1, 0).int(2, 8080).string(3, ''));
        port(s, 'named', (t) => t.int(1, 1).int(2, 0).string(3, 'http'));
      })
      .message(3, (st) => st.message(1, () => undefined))
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'Service', raw));
    expect(object['spec']).toEqual({
      ports: [
        { name: 'num', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: 'named', protocol: 'TCP', port: 80, targetPort: 'http' },
      ],
    });
    expect(object['status']).toEqual({ loadBalancer: {} });
  });

  it('decodes resource quantities in container resources and keeps "resources": {}', () => {
    const container = (w: ProtoWriter, name: string, resources: (r: ProtoWriter) => void) =>
      w.message(2, (c) => c.string(1, name).string(2, 'busybox').message(8, resources));
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 'p'))
      .message(2, (spec) => {
        container(spec, 'a', (r) => {
          r.message(1, (e) => e.string(1, 'memory').message(2, (q) => q.string(1, '128Mi')));
          r.message(2, (e) => e.string(1, 'cpu').message(2, (q) => q.string(1, '250m')));
        });
        container(spec, 'b', () => undefined);
      })
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'Pod', raw));
    expect(object['spec']).toEqual({
      containers: [
        { name: 'a', image: 'busybox', resources: { limits: { memory: '128Mi' }, requests: { cpu: '250m' } } },
        { name: 'b', image: 'busybox', resources: {} },
      ],
    });
    // status is a non-pointer struct: {} even though it was not on the wire
    expect(object['status']).toEqual({});
  });

  it('keeps a zero-valued pointer (replicas: 0) and drops zero omitempty values', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 'web'))
      .message(2, (spec) => {
        spec.int(1, 0); // *int32 replicas, set to 0
        spec.message(3, () => undefined);
        spec.message(4, (st) => st.string(1, ''));
        spec.int(5, 0); // minReadySeconds int32,omitempty
        spec.int(7, false); // paused bool,omitempty
      })
      .finish();
    const { object } = decodeKubeProtobuf(envelope('apps/v1', 'Deployment', raw));
    expect(object['spec']).toEqual({
      replicas: 0,
      // *LabelSelector `json:"selector"` without omitempty: null when unset
      selector: null,
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      strategy: {},
    });
  });

  it('skips unknown field numbers at any depth', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 'c1', (x) => x.string(99, 'future').int(98, 7)))
      .mapEntry(2, 'a', 'b')
      .message(77, (x) => x.string(1, 'nested unknown'))
      .raw([0xf9, 0x07, 1, 2, 3, 4, 5, 6, 7, 8]) // field 127, fixed64
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'ConfigMap', raw));
    expect(object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c1', creationTimestamp: null }, data: { a: 'b' } });
  });

  it('base64-encodes map<string, bytes> and sorts map keys like Go', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 's1'))
      .mapEntry(2, 'z', Buffer.from('last'))
      .mapEntry(2, 'a', Uint8Array.from([0, 255, 1]))
      .string(3, 'Opaque')
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'Secret', raw));
    expect(JSON.stringify(object['data'])).toBe('{"a":"AP8B","z":"bGFzdA=="}');
    expect(object['type']).toBe('Opaque');
  });

  it('inlines embedded structs (LocalObjectReference) and reads packed repeated int64', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => objectMeta(m, 'p'))
      .message(2, (spec) => {
        spec.message(2, (c) =>
          c.string(1, 'app').message(19, (ef) => ef.string(1, 'CFG_').message(2, (cm) => cm.message(1, (lor) => lor.string(1, 'settings')).int(2, true))),
        );
        spec.message(14, (sc) => sc.bytesField(4, Uint8Array.from([0x01, 0xe8, 0x07]))); // packed [1, 1000]
      })
      .finish();
    const { object } = decodeKubeProtobuf(envelope('v1', 'Pod', raw));
    expect(object['spec']).toEqual({
      containers: [{ name: 'app', envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings', optional: true } }], resources: {} }],
      securityContext: { supplementalGroups: [1, 1000] },
    });
  });

  it('decodes the policy/v1 Eviction that kubectl drain sends (same object as its JSON body)', () => {
    const raw = new ProtoWriter()
      .message(1, (m) => {
        m.string(1, 'p1').string(2, '').string(3, 'default');
        m.string(4, '').string(5, '').string(6, '').int(7, 0).message(8, () => undefined);
      })
      .message(2, (d) => d.int(1, 5)) // DeleteOptions{GracePeriodSeconds: &5}: nil pointers are not written
      .finish();
    const { object, apiVersion, kind } = decodeKubeProtobuf(envelope('policy/v1', 'Eviction', raw));
    expect([apiVersion, kind]).toEqual(['policy/v1', 'Eviction']);
    // the JSON body kubectl 1.32 `drain --grace-period=5` posts for the same eviction
    expect(object).toEqual({
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'p1', namespace: 'default', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 5 },
    });
  });

  it('keeps a pointer to an empty string or false (set, though zero)', () => {
    const raw = new ProtoWriter().int(1, 0).message(2, (p) => p.string(1, '')).int(3, false).string(4, '').finish();
    const { object } = decodeKubeProtobuf(envelope('meta.k8s.io/v1', 'DeleteOptions', raw));
    expect(object).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'meta.k8s.io/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: '' },
      orphanDependents: false,
      propagationPolicy: '',
    });
  });

  it('refuses int64 values beyond 2^53', () => {
    const raw = new ProtoWriter().message(1, (m) => objectMeta(m, 'x', (x) => x.int(10, 2n ** 60n))).finish();
    expect(() => decodeKubeProtobuf(envelope('v1', 'Pod', raw))).toThrow('int64 value 1152921504606846976 of field deletionGracePeriodSeconds');
  });

  it('fails on a truncated message', () => {
    const full = envelope('v1', 'ConfigMap', new ProtoWriter().message(1, (m) => objectMeta(m, 'c1')).mapEntry(2, 'key', 'value').finish());
    for (const cut of [5, 20, full.length - 3]) {
      expect(() => decodeKubeProtobuf(full.subarray(0, cut))).toThrow(new ProtobufDecodeError('unexpected EOF'));
    }
  });

  it('fails on a wrong wire type for a known field, naming the kind it was decoding', () => {
    const raw = new ProtoWriter().message(1, (m) => m.int(1, 5)).finish();
    expect(() => decodeKubeProtobuf(envelope('v1', 'ConfigMap', raw))).toThrow('proto: wrong wireType = 0 for field Name');
    try {
      decodeKubeProtobuf(envelope('v1', 'ConfigMap', raw));
    } catch (e) {
      expect(e).toBeInstanceOf(ProtobufDecodeError);
      expect((e as ProtobufDecodeError).decodedKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    }
  });

  it('fails on a body without the k8s\\0 magic', () => {
    expect(() => decodeKubeProtobuf(Buffer.from('{"kind":"Namespace"}'))).toThrow(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    expect(() => decodeKubeProtobuf(Buffer.from([0x6b, 0x38, 0x73, 0x01, 0x0a, 0x00]))).toThrow(ProtobufDecodeError);
  });

  it('fails on a missing or unregistered kind, and fills defaults from the request', () => {
    const raw = new ProtoWriter().message(1, (m) => objectMeta(m, 'n')).finish();
    expect(() => decodeKubeProtobuf(envelope('v1', '', raw))).toThrow(`Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`);
    expect(() => decodeKubeProtobuf(envelope('v1', 'Widget', raw))).toThrow('no kind "Widget" is registered for version "v1"');
    expect(decodeKubeProtobuf(envelope('', '', raw), { apiVersion: 'v1', kind: 'Namespace' }).object['metadata']).toEqual({
      name: 'n',
      creationTimestamp: null,
    });
  });
});
