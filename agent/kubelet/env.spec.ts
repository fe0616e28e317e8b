import { describe, expect, it } from 'vitest';
import {
  EnvResolutionError, expand, expandContainerCommandAndArgs, isEnvVarName, mappingFuncFor, resolveEnv, serviceEnvVars,
  type EnvDeps, type KeyValue,
} from './env.js';
import type { ConfigMap, Container, Pod, Secret, Service } from './pod-types.js';

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function makePod(container: Container, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0', namespace: 'shop', uid: '6f1c0a9e-1111-2222-3333-444455556666',
      labels: { app: 'web', tier: 'front' }, annotations: { 'example.com/owner': 'team-a' },
    },
    spec: { nodeName: 'node-1', serviceAccountName: 'builder', containers: [container], ...extra },
  };
}

function svc(ns: string, name: string, clusterIP: string, ports: Service['spec']['ports']): Service {
  return { metadata: { namespace: ns, name }, spec: { clusterIP, ports } };
}

const configMaps: Record<string, ConfigMap> = {
  'shop/settings': { metadata: { namespace: 'shop', name: 'settings' }, data: { MODE: 'prod', 'log.level': 'debug', '1bad': 'x', GREETING: 'hi $(MODE)' } },
};
const secrets: Record<string, Secret> = {
  'shop/creds': { metadata: { namespace: 'shop', name: 'creds' }, data: { PASSWORD: b64('s3cr3t'), 'bad key': b64('v') } },
};

function makeDeps(over: Partial<EnvDeps> = {}): EnvDeps & { events: string[] } {
  const events: string[] = [];
  return {
    getConfigMap: (ns, name) => configMaps[`${ns}/${name}`],
    getSecret: async (ns, name) => Promise.resolve(secrets[`${ns}/${name}`]),
    services: [],
    nodeAllocatable: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '10Gi' },
    hostIP: '10.0.0.11',
    podIPs: ['10.244.1.7'],
    recordEvent: (type, reason, message) => events.push(`${type} ${reason} ${message}`),
    events,
    ...over,
  };
}

function asMap(env: KeyValue[]): Record<string, string> {
  return Object.fromEntries(env.map((e) => [e.key, e.value]));
}

async function envOf(container: Omit<Container, 'name'>, deps = makeDeps(), extra: Partial<Pod['spec']> = {}): Promise<Record<string, string>> {
  const c: Container = { name: 'app', ...container };
  return asMap(await resolveEnv(makePod(c, extra), c, deps));
}

async function errorOf(container: Omit<Container, 'name'>, deps = makeDeps()): Promise<EnvResolutionError> {
  const c: Container = { name: 'app', ...container };
  const err: unknown = await resolveEnv(makePod(c), c, deps).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(EnvResolutionError);
  return err as EnvResolutionError;
}

describe('expand ($(VAR) rules of third_party/forked/golang/expansion)', () => {
  const ctx = mappingFuncFor(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['VAR_C', 'C'], ['VAR_REF', '$(VAR_A)'], ['VAR_EMPTY', '']]));
  const cases: [string, string][] = [
    ['$(VAR_A)', 'A'],
    ['$(VAR_A)-$(VAR_A)', 'A-A'],
    ['___$(VAR_B)___', '___B___'],
    ['$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
    ['$$(VAR_A)_$$(VAR_B)', '$(VAR_A)_$(VAR_B)'],
    ['f000-$$VAR_A', 'f000-$VAR_A'],
    ['foo\\$(VAR_C)bar', 'foo\\Cbar'],
    ['$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'],
    ['$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['$(VAR_REF)', '$(VAR_A)'],
    ['foo$(VAR_EMPTY)bar', 'foobar'],
    ['foo$(VAR_Awhoops!', 'foo$(VAR_Awhoops!'],
    ['$?_boo_$!', '$?_boo_$!'],
    ['$VAR_A', '$VAR_A'],
    ['$(VAR_DNE)', '$(VAR_DNE)'],
    ['$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
    ['$$$$$$(VAR_A)', '$$$(VAR_A)'],
    ['$$$$$$$(GOOD_ODDS)', '$$$$(GOOD_ODDS)'],
    ['$$$$$$$(VAR_A)', '$$$A'],
    ['${VAR_A}', '${VAR_A}'],
    ['$(VAR_B)_______$(A', 'B_______$(A'],
    ['$(VAR_C)_______$(', 'C_______$('],
    ['$(VAR_A)foobarzab$', 'Afoobarzab$'],
    ['--$($($($($--', '--$($($($($--'],
    ['$(foo$$var)', '$(foo$$var)'],
    ['\n', '\n'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(expand(input, ctx)).toBe(expected);
  });
});

describe('resolveEnv: value and expansion', () => {
  it('expands earlier variables, leaves later and unknown ones, unescapes $$', async () => {
    const env = await envOf({
      env: [
        { name: 'A', value: 'alpha' },
        { name: 'B', value: '$(A)-beta-$(C)' },
        { name: 'C', value: 'gamma' },
        { name: 'D', value: '$$(A) costs $$5 $(NOPE)' },
        { name: 'E', value: '' },
      ],
    });
    expect(env).toEqual({ A: 'alpha', B: 'alpha-beta-$(C)', C: 'gamma', D: '$(A) costs $5 $(NOPE)', E: '' });
  });

  it('a value sees envFrom variables and redefines them; command and args see the final env', async () => {
    const c: Container = {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'settings' } }],
      env: [{ name: 'MODE', value: '$(MODE)-canary' }, { name: 'WHO', value: 'mode=$(MODE)' }],
      command: ['echo', '$(WHO)'],
      args: ['$(MISSING)', '$$(WHO)'],
    };
    const env = await resolveEnv(makePod(c), c, makeDeps());
    expect(asMap(env)).toMatchObject({ MODE: 'prod-canary', WHO: 'mode=prod-canary', GREETING: 'hi $(MODE)' });
    expect(env.filter((e) => e.key === 'MODE')).toHaveLength(1);
    expect(expandContainerCommandAndArgs(c, env)).toEqual({ command: ['echo', 'mode=prod-canary'], args: ['$(MISSING)', '$(WHO)'] });
  });
});

describe('resolveEnv: fieldRef', () => {
  it('resolves every pod field the downward API offers to env', async () => {
    const fields = [
      'metadata.name', 'metadata.namespace', 'metadata.uid', "metadata.labels['app']", "metadata.annotations['example.com/owner']",
      "metadata.labels['missing']", 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
    ];
    const env = await envOf(
      { env: fields.map((f, i) => ({ name: `F${i}`, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: f } } })) },
      makeDeps({ podIPs: ['10.244.1.7', 'fd00::7'], hostIPs: ['10.0.0.11', 'fd00::11'] }),
    );
    expect(Object.values(env)).toEqual([
      'web-0', 'shop', '6f1c0a9e-1111-2222-3333-444455556666', 'web', 'team-a', '', 'node-1', 'builder',
      '10.0.0.11', '10.0.0.11,fd00::11', '10.244.1.7', '10.244.1.7,fd00::7',
    ]);
  });

  it('whole label maps are formatted like fieldpath.FormatMap', async () => {
    const env = await envOf({ env: [{ name: 'L', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }] });
    expect(env.L).toBe('app="web"\ntier="front"');
  });

  it('rejects unknown field paths with the kubelet messages', async () => {
    expect((await errorOf({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.containers' } } }] })).message)
      .toBe('field label not supported: spec.containers');
    expect((await errorOf({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } }] })).message)
      .toBe('unsupported fieldPath: spec.restartPolicy');
    expect((await errorOf({ env: [{ name: 'X', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } }] })).message)
      .toBe('unsupported pod version: v2');
  });
});

describe('resolveEnv: resourceFieldRef', () => {
  it('divides limits and requests by the divisor, rounding up', async () => {
    const env = await envOf({
      resources: { limits: { cpu: '500m', memory: '100Mi' }, requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1G' } },
      env: [
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'CPU_LIMIT_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '0' } } },
        { name: 'MEM_LIMIT_GI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Gi' } } },
        { name: 'EPH_REQ_MB', valueFrom: { resourceFieldRef: { resource: 'requests.ephemeral-storage', divisor: '1M' } } },
      ],
    });
    expect(env).toEqual({
      CPU_LIMIT: '1', CPU_LIMIT_M: '500', CPU_REQ_M: '250', MEM_LIMIT_MI: '100', MEM_REQ: String(64 * 1024 * 1024), MEM_LIMIT_GI: '1', EPH_REQ_MB: '1000',
    });
  });

  it('reports node allocatable for a missing limit, and reads another container by name', async () => {
    const other: Container = { name: 'sidecar', resources: { limits: { memory: '32Mi' } } };
    const app: Container = {
      name: 'app',
      env: [
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'EPH', valueFrom: { resourceFieldRef: { resource: 'limits.ephemeral-storage', divisor: '1Gi' } } },
        { name: 'SIDE', valueFrom: { resourceFieldRef: { containerName: 'sidecar', resource: 'limits.memory', divisor: '1Mi' } } },
      ],
    };
    const pod = makePod(app);
    pod.spec.containers.push(other);
    expect(asMap(await resolveEnv(pod, app, makeDeps()))).toEqual({ CPU: '2', MEM: '4096', EPH: '10', SIDE: '32' });
  });

  it('rejects an unsupported resource', async () => {
    expect((await errorOf({ env: [{ name: 'X', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] })).message)
      .toBe('unsupported container resource : limits.gpu');
  });
});

describe('resolveEnv: configMapKeyRef and secretKeyRef', () => {
  it('reads keys; secret values are decoded', async () => {
    const env = await envOf({
      env: [
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
      ],
    });
    expect(env).toEqual({ MODE: 'prod', PW: 's3cr3t' });
  });

  it('skips optional references to missing objects or keys', async () => {
    const env = await envOf({
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope', optional: true } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'nope', key: 'x', optional: true } } },
        { name: 'D', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope', optional: true } } },
        { name: 'E', value: 'kept' },
      ],
    });
    expect(env).toEqual({ E: 'kept' });
  });

  it('fails with the kubelet messages (CreateContainerConfigError)', async () => {
    const cases: [Container['env'], string][] = [
      [[{ name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } }], 'configmap "nope" not found'],
      [[{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }], "couldn't find key k in ConfigMap shop/settings"],
      [[{ name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'x' } } }], 'secret "nope" not found'],
      [[{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }], "couldn't find key k in Secret shop/creds"],
    ];
    for (const [env, message] of cases) {
      const err = await errorOf({ env });
      expect(err.message).toBe(message);
      expect(err.reason).toBe('CreateContainerConfigError');
      expect(err.name).toBe('EnvResolutionError');
    }
  });

  it('turns a failing getter into an EnvResolutionError', async () => {
    const deps = makeDeps({ getConfigMap: () => Promise.reject(new Error('connection refused')) });
    expect((await errorOf({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } }] }, deps)).message)
      .toBe('connection refused');
  });
});

describe('resolveEnv: envFrom', () => {
  it('imports keys with the prefix, skips invalid names with the kubelet event, env wins', async () => {
    const deps = makeDeps();
    const env = await envOf({
      envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'S_', secretRef: { name: 'creds' } }],
      env: [{ name: 'MODE', value: 'override' }],
    }, deps);
    expect(env).toEqual({ MODE: 'override', 'log.level': 'debug', GREETING: 'hi $(MODE)', S_PASSWORD: 's3cr3t' });
    expect(deps.events).toEqual([
      'Warning InvalidEnvironmentVariableNames Keys [1bad] from the EnvFrom configMap shop/settings were skipped since they are considered invalid environment variable names.',
      'Warning InvalidEnvironmentVariableNames Keys [S_bad key] from the EnvFrom secret shop/creds were skipped since they are considered invalid environment variable names.',
    ]);
  });

  it('a prefix can make a key valid', async () => {
    const env = await envOf({ envFrom: [{ prefix: 'p_', configMapRef: { name: 'settings' } }] });
    expect(env.p_1bad).toBe('x');
  });

  it('optional missing sources are skipped, required ones fail', async () => {
    expect(await envOf({ envFrom: [{ configMapRef: { name: 'nope', optional: true } }, { secretRef: { name: 'nope', optional: true } }] })).toEqual({});
    expect((await errorOf({ envFrom: [{ configMapRef: { name: 'nope' } }] })).message).toBe('configmap "nope" not found');
    expect((await errorOf({ envFrom: [{ secretRef: { name: 'nope' } }] })).message).toBe('secret "nope" not found');
  });

  it('isEnvVarName follows validation.IsEnvVarName', () => {
    expect(['A', 'my.env-name', 'MY_ENV.NAME', '_x', '.a'].map(isEnvVarName)).toEqual([true, true, true, true, true]);
    expect(['1a', 'a b', '..a', '.', '', 'a=b'].map(isEnvVarName)).toEqual([false, false, false, false, false, false]);
  });
});

describe('service environment variables', () => {
  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
    svc('shop', 'my-svc', '10.96.0.10', [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090, protocol: 'UDP' }]),
    svc('shop', 'headless', 'None', [{ port: 80 }]),
    svc('other', 'elsewhere', '10.96.0.20', [{ port: 80 }]),
    svc('shop', 'v6', 'fd00::10', [{ port: 8080 }]),
  ];

  it('builds docker-links style variables for the pod namespace and the master service', () => {
    expect(Object.fromEntries(serviceEnvVars(services, 'shop', true))).toEqual({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      MY_SVC_SERVICE_HOST: '10.96.0.10',
      MY_SVC_SERVICE_PORT: '80',
      MY_SVC_SERVICE_PORT_HTTP: '80',
      MY_SVC_SERVICE_PORT_METRICS: '9090',
      MY_SVC_PORT: 'tcp://10.96.0.10:80',
      MY_SVC_PORT_80_TCP: 'tcp://10.96.0.10:80',
      MY_SVC_PORT_80_TCP_PROTO: 'tcp',
      MY_SVC_PORT_80_TCP_PORT: '80',
      MY_SVC_PORT_80_TCP_ADDR: '10.96.0.10',
      MY_SVC_PORT_9090_UDP: 'udp://10.96.0.10:9090',
      MY_SVC_PORT_9090_UDP_PROTO: 'udp',
      MY_SVC_PORT_9090_UDP_PORT: '9090',
      MY_SVC_PORT_9090_UDP_ADDR: '10.96.0.10',
      V6_SERVICE_HOST: 'fd00::10',
      V6_SERVICE_PORT: '8080',
      V6_PORT: 'tcp://[fd00::10]:8080',
      V6_PORT_8080_TCP: 'tcp://[fd00::10]:8080',
      V6_PORT_8080_TCP_PROTO: 'tcp',
      V6_PORT_8080_TCP_PORT: '8080',
      V6_PORT_8080_TCP_ADDR: 'fd00::10',
    });
  });

  it('enableServiceLinks: false keeps only the master service', async () => {
    const env = await envOf({}, makeDeps({ services }), { enableServiceLinks: false });
    expect(Object.keys(env).sort()).toEqual(Object.keys(env).filter((k) => k.startsWith('KUBERNETES_')).sort());
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });

  it('values can reference service variables; a declared variable replaces the service one', async () => {
    const c: Container = { name: 'app', env: [{ name: 'URL', value: 'http://$(MY_SVC_SERVICE_HOST):$(MY_SVC_SERVICE_PORT)/' }, { name: 'MY_SVC_PORT', value: 'mine' }] };
    const env = await resolveEnv(makePod(c), c, makeDeps({ services }));
    expect(asMap(env)).toMatchObject({ URL: 'http://10.96.0.10:80/', MY_SVC_PORT: 'mine', KUBERNETES_SERVICE_HOST: '10.96.0.1' });
    expect(env.filter((e) => e.key === 'MY_SVC_PORT')).toHaveLength(1);
    expect(env.some((e) => e.key.startsWith('ELSEWHERE') || e.key.startsWith('HEADLESS'))).toBe(false);
  });
});
