import { describe, expect, it } from 'vitest';
import { toYamlish } from './yamlish.js';

describe('toYamlish', () => {
  it('prints a pod the way kubectl -o yaml lays it out, keys sorted', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { run: 'web' }, finalizers: [] },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }], nodeSelector: {} },
      status: { phase: 'Pending' },
    };
    expect(toYamlish(pod)).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  finalizers: []',
        '  labels:',
        '    run: web',
        '  name: web',
        'spec:',
        '  containers:',
        '  - image: nginx',
        '    name: web',
        '    ports:',
        '    - containerPort: 80',
        '  nodeSelector: {}',
        'status:',
        '  phase: Pending',
      ].join('\n'),
    );
  });

  it('quotes strings YAML would read as another type', () => {
    expect(toYamlish({ a: 'true', b: '80', c: '', d: 'x: y', e: '*.local', f: 'ok' })).toBe('a: "true"\nb: "80"\nc: ""\nd: "x: y"\ne: "*.local"\nf: ok');
  });
});
