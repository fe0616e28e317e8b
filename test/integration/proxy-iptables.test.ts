// The kube-proxy role with real iptables in network namespaces this test makes: a "node"
// with a cni0 bridge and two "pods" on it (HTTP servers), and a "host" linked to the node
// (for host → NodePort). Rules from buildRules are applied inside the node namespace and
// real connections go through them: pod → ClusterIP (incl. hairpin), node → ClusterIP,
// host → NodePort, LoadBalancer IPs, REJECT without endpoints, endpoint removal, cleanup.
// Then startServiceProxy against a real API server keeps the node in step within 1 s.
import type { ChildProcess } from 'node:child_process';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIptablesApplier } from '../../agent/proxy/iptables.js';
import type { IptablesApplier } from '../../agent/proxy/iptables.js';
import { buildRules } from '../../agent/proxy/rules.js';
import { startServiceProxy } from '../../agent/proxy/service-proxy.js';
import type { ServiceProxy } from '../../agent/proxy/service-proxy.js';
import type { Endpoint, EndpointSlice, Service, ServiceSpec } from '../../agent/proxy/types.js';
import type { ApiHarness } from '../../main/control-plane/testing/api-harness.js';
import { startApiHarness } from '../../main/control-plane/testing/api-harness.js';
import { requireTool } from './support/tools.js';

const run = promisify(execFile);
const sfx = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
const NS = { node: `kp-node-${sfx}`, pod1: `kp-pod1-${sfx}`, pod2: `kp-pod2-${sfx}`, host: `kp-host-${sfx}` };
const netns = (name: string): string => `/var/run/netns/${name}`;

const POD1 = '10.244.1.2';
const POD2 = '10.244.1.3';
const GATEWAY = '10.244.1.1';
const NODE_IP = '192.168.77.10';
const HOST_IP = '192.168.77.1';
const WEB_IP = '10.96.10.10';
const EMPTY_IP = '10.96.10.11';
const LB_IP = '10.250.0.10';

const SERVER_JS = `const name = process.argv[1];
require('http').createServer((req, res) => { res.setHeader('connection', 'close'); res.end(name + ' ' + req.socket.remoteAddress); })
  .listen(8080, '0.0.0.0', () => console.log('listening'));`;

// sequential requests, each on a new connection (so each is balanced anew)
const CLIENT_JS = `const [url, n, timeout] = process.argv.slice(1);
const http = require('http');
const one = () => new Promise((resolve) => {
  const t0 = Date.now();
  const req = http.get(url, { agent: false, timeout: Number(timeout) }, (res) => {
    let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => resolve({ body, ms: Date.now() - t0 }));
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  req.on('error', (e) => resolve({ error: e.code || e.message, ms: Date.now() - t0 }));
});
(async () => { const out = []; for (let i = 0; i < Number(n); i++) out.push(await one()); console.log(JSON.stringify(out)); })();`;

interface Reply {
  body?: string;
  error?: string;
  ms: number;
}

const servers: ChildProcess[] = [];
let applier: IptablesApplier;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function createTopology(): void {
  for (const n of Object.values(NS)) {
    ip('netns', 'add', n);
    ip('-n', n, 'link', 'set', 'lo', 'up');
  }
  ip('-n', NS.node, 'link', 'add', 'cni0', 'type', 'bridge');
  ip('-n', NS.node, 'addr', 'add', `${GATEWAY}/24`, 'dev', 'cni0');
  ip('-n', NS.node, 'link', 'set', 'cni0', 'up');
  for (const [i, pod, addr] of [[1, NS.pod1, POD1], [2, NS.pod2, POD2]] as const) {
    ip('-n', NS.node, 'link', 'add', `veth${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod);
    ip('-n', NS.node, 'link', 'set', `veth${i}`, 'master', 'cni0', 'up');
    // the CNI bridge plugin's "hairpinMode": true. With br_netfilter loaded (it is here), a
    // pod's packet to its own Service is DNATed while still bridged and must leave by the
    // port it came in; kubelet's --hairpin-mode does the same on real nodes
    ip('-n', NS.node, 'link', 'set', `veth${i}`, 'type', 'bridge_slave', 'hairpin', 'on');
    ip('-n', pod, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
    ip('-n', pod, 'link', 'set', 'eth0', 'up');
    ip('-n', pod, 'route', 'add', 'default', 'via', GATEWAY);
  }
  ip('-n', NS.node, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.host);
  ip('-n', NS.node, 'addr', 'add', `${NODE_IP}/24`, 'dev', 'eth0');
  ip('-n', NS.node, 'link', 'set', 'eth0', 'up');
  ip('-n', NS.host, 'addr', 'add', `${HOST_IP}/24`, 'dev', 'eth0');
  ip('-n', NS.host, 'link', 'set', 'eth0', 'up');
  // the node's way out is the host (as on the lab bridge): service and LB addresses need a
  // route before netfilter's OUTPUT hook sees them; the host reaches the LB pool via the node
  ip('-n', NS.node, 'route', 'add', 'default', 'via', HOST_IP);
  ip('-n', NS.host, 'route', 'add', '10.250.0.0/24', 'via', NODE_IP);
}

function removeTopology(): void {
  for (const n of Object.values(NS)) {
    try {
      ip('netns', 'del', n);
    } catch {
      // not created (setup failed early) or already gone
    }
  }
}

async function startServer(ns: string, name: string): Promise<void> {
  const child = spawn('nsenter', [`--net=${netns(ns)}`, process.execPath, '-e', SERVER_JS, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => (c.toString().includes('listening') ? resolve() : undefined));
    child.on('exit', (code) => reject(new Error(`server ${name} exited ${code ?? 'on a signal'}`)));
  });
}

async function request(ns: string, url: string, count = 1, timeoutMs = 3000): Promise<Reply[]> {
  const { stdout } = await run('nsenter', [`--net=${netns(ns)}`, process.execPath, '-e', CLIENT_JS, url, String(count), String(timeoutMs)], { timeout: 60_000 });
  return JSON.parse(stdout) as Reply[];
}

/** the pod names that answered; fails on any error */
function answeredBy(replies: Reply[]): string[] {
  expect(replies.filter((r) => r.error)).toEqual([]);
  return replies.map((r) => (r.body ?? '').split(' ')[0] ?? '');
}

async function iptablesSave(): Promise<string> {
  return (await run('nsenter', [`--net=${netns(NS.node)}`, 'iptables-save'])).stdout;
}

function svc(name: string, spec: ServiceSpec, lbIPs: string[] = []): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name }, spec, status: { loadBalancer: { ingress: lbIPs.map((i) => ({ ip: i })) } } };
}

function slice(service: string, ips: string[], name = `${service}-1`): EndpointSlice {
  const endpoints: Endpoint[] = ips.map((a) => ({ addresses: [a], conditions: { ready: true } }));
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints,
  };
}

const SERVICES: Service[] = [
  svc('web', { type: 'LoadBalancer', clusterIP: WEB_IP, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] }, [LB_IP]),
  svc('empty', { type: 'NodePort', clusterIP: EMPTY_IP, ports: [{ name: 'http', port: 80, nodePort: 30081 }] }),
  // no servers behind these: they prove iptables-restore takes UDP, SCTP and affinity rules
  svc('dns', { clusterIP: '10.96.10.12', ports: [{ name: 'http', port: 53, protocol: 'UDP' }, { name: 'sctp', port: 99, protocol: 'SCTP' }] }),
  svc('sticky', { clusterIP: '10.96.10.13', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80 }] }),
];
const dnsSlice: EndpointSlice = { ...slice('dns', [POD2]), ports: [{ name: 'http', port: 5353, protocol: 'UDP' }, { name: 'sctp', port: 9999, protocol: 'SCTP' }] };

beforeAll(async () => {
  for (const tool of ['ip', 'nsenter', 'iptables-save', 'iptables-restore']) requireTool(tool);
  createTopology();
  await startServer(NS.pod1, 'pod1');
  await startServer(NS.pod2, 'pod2');
  applier = createIptablesApplier({ netnsPath: netns(NS.node) });
});

afterAll(async () => {
  for (const s of servers) s.kill();
  try {
    await applier.cleanup();
  } catch {
    // the namespace may already be gone
  }
  removeTopology();
});

describe('service rules in a node network namespace', () => {
  it('applies kube-proxy shaped rules with iptables-restore', async () => {
    await applier.apply(buildRules({ services: SERVICES, endpointSlices: [slice('web', [POD1, POD2]), dnsSlice, slice('sticky', [POD1])], nodeIPs: [NODE_IP] }));
    const saved = await iptablesSave();
    expect(saved).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(saved).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
    expect(saved).toMatch(/-A KUBE-SERVICES -d 10\.96\.10\.10\/32 -p tcp -m comment --comment "default\/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-/);
    expect(saved).toMatch(/-p sctp .*-j DNAT --to-destination 10\.244\.1\.3:9999/);
    expect(saved).toMatch(/-m recent --set --name KUBE-SEP-/);
    expect((await run('nsenter', [`--net=${netns(NS.node)}`, 'cat', '/proc/sys/net/ipv4/ip_forward'])).stdout.trim()).toBe('1');
    // applying again adds no second hook
    await applier.apply(buildRules({ services: SERVICES, endpointSlices: [slice('web', [POD1, POD2]), dnsSlice, slice('sticky', [POD1])], nodeIPs: [NODE_IP] }));
    expect((await iptablesSave()).match(/-j KUBE-SERVICES$/gm)).toHaveLength(4); // nat PREROUTING, OUTPUT; filter FORWARD, OUTPUT
  });

  it('pod → ClusterIP reaches both endpoints, including the calling pod itself (hairpin)', async () => {
    const replies = await request(NS.pod1, `http://${WEB_IP}/`, 30);
    const names = answeredBy(replies);
    expect(new Set(names)).toEqual(new Set(['pod1', 'pod2']));
    // masqueraded: the pods see the node's bridge address, so replies go back through it
    expect(new Set(replies.map((r) => r.body?.split(' ')[1]))).toEqual(new Set([GATEWAY]));
  });

  it('node → ClusterIP works', async () => {
    expect(new Set(answeredBy(await request(NS.node, `http://${WEB_IP}/`, 20)))).toEqual(new Set(['pod1', 'pod2']));
  });

  it('host → nodeIP:NodePort works', async () => {
    expect(new Set(answeredBy(await request(NS.host, `http://${NODE_IP}:30080/`, 20)))).toEqual(new Set(['pod1', 'pod2']));
  });

  it('the LoadBalancer IP works from the node and from the host', async () => {
    expect(answeredBy(await request(NS.node, `http://${LB_IP}/`, 5)).every((n) => n === 'pod1' || n === 'pod2')).toBe(true);
    expect(answeredBy(await request(NS.host, `http://${LB_IP}/`, 5)).every((n) => n === 'pod1' || n === 'pod2')).toBe(true);
  });

  it('a service without endpoints is refused at once (ClusterIP from node and pod, NodePort from host)', async () => {
    for (const [ns, url] of [
      [NS.node, `http://${EMPTY_IP}/`],
      [NS.pod1, `http://${EMPTY_IP}/`],
      [NS.host, `http://${NODE_IP}:30081/`],
    ] as const) {
      const [reply] = await request(ns, url, 1, 5000);
      expect(reply?.error, `${ns} → ${url}`).toBe('ECONNREFUSED');
      expect(reply?.ms ?? Infinity).toBeLessThan(1000);
    }
  });

  it('after an endpoint is removed, traffic goes only to the remaining one', async () => {
    await applier.apply(buildRules({ services: SERVICES, endpointSlices: [slice('web', [POD1]), dnsSlice, slice('sticky', [POD1])], nodeIPs: [NODE_IP] }));
    expect(new Set(answeredBy(await request(NS.pod2, `http://${WEB_IP}/`, 20)))).toEqual(new Set(['pod1']));
    expect(new Set(answeredBy(await request(NS.host, `http://${NODE_IP}:30080/`, 10)))).toEqual(new Set(['pod1']));
    // the endpoint chain of pod2 for web is gone (garbage-collected like kube-proxy does)
    expect(await iptablesSave()).not.toContain(`web:http -m tcp -j DNAT --to-destination ${POD2}:8080`);
  });

  it('cleanup removes every KUBE-* chain and hook', async () => {
    expect(await iptablesSave()).toContain('KUBE-');
    await applier.cleanup();
    expect(await iptablesSave()).not.toContain('KUBE-');
    // and the service is no longer proxied: the ClusterIP now goes out the default route (nowhere)
    const [reply] = await request(NS.node, `http://${WEB_IP}/`, 1, 500);
    expect(reply?.error).toBeDefined();
  });
});

describe('startServiceProxy against a real API server', () => {
  let harness: ApiHarness;
  let proxy: ServiceProxy | undefined;
  const logs: string[] = [];
  const SVCS = { group: '', version: 'v1', resource: 'services', namespace: 'default' };
  const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: 'default' };

  beforeAll(async () => {
    harness = await startApiHarness();
  });

  afterAll(async () => {
    await proxy?.stop({ cleanup: true });
    await harness.stop();
  });

  /** polls the node's iptables until `check` holds; returns how long that took from `since` */
  async function appliedWithin(since: number, check: (saved: string) => boolean, limitMs = 5000): Promise<number> {
    while (Date.now() - since < limitMs) {
      if (check(await iptablesSave())) return Date.now() - since;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`rules not applied within ${limitMs} ms; proxy log:\n${logs.join('\n')}`);
  }

  it('programs the node from watches and applies each change within a second', async () => {
    const created = await harness.admin.create<Service>(SVCS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const clusterIP = created.spec?.clusterIP ?? '';
    const nodePort = created.spec?.ports?.[0]?.nodePort ?? 0;
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    await harness.admin.create(SLICES, slice('web', [POD1, POD2], 'web-abcde'));

    proxy = startServiceProxy({ client: harness.admin, nodeName: 'node-1', nodeIPs: [NODE_IP], log: (l) => logs.push(l), netnsPath: netns(NS.node) });
    await Promise.race([proxy.ready(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no first sync; log:\n${logs.join('\n')}`)), 10_000))]);
    expect(proxy.syncs()).toBeGreaterThanOrEqual(1);
    expect(new Set(answeredBy(await request(NS.pod1, `http://${clusterIP}/`, 20)))).toEqual(new Set(['pod1', 'pod2']));
    expect(new Set(answeredBy(await request(NS.host, `http://${NODE_IP}:${nodePort}/`, 20)))).toEqual(new Set(['pod1', 'pod2']));

    // an endpoint goes away
    const syncsBefore = proxy.syncs();
    let t0 = Date.now();
    await harness.admin.patch(SLICES, 'web-abcde', { endpoints: [{ addresses: [POD1], conditions: { ready: true } }] });
    const removeMs = await appliedWithin(t0, (s) => s.includes(`--to-destination ${POD1}:8080`) && !s.includes(`--to-destination ${POD2}:8080`));
    expect(removeMs).toBeLessThan(1000);
    expect(proxy.syncs()).toBeGreaterThan(syncsBefore);
    expect(new Set(answeredBy(await request(NS.pod2, `http://${clusterIP}/`, 10)))).toEqual(new Set(['pod1']));

    // an endpoint turns not ready: the service has none left and is refused
    t0 = Date.now();
    await harness.admin.patch(SLICES, 'web-abcde', { endpoints: [{ addresses: [POD1], conditions: { ready: false } }] });
    const unreadyMs = await appliedWithin(t0, (s) => s.includes('"default/web:http has no endpoints"'));
    expect(unreadyMs).toBeLessThan(1000);
    expect((await request(NS.node, `http://${clusterIP}/`, 1))[0]?.error).toBe('ECONNREFUSED');

    // a new service appears
    t0 = Date.now();
    const late = await harness.admin.create<Service>(SVCS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 8081 }] } });
    await harness.admin.create(SLICES, slice('late', [POD2]));
    const lateIP = late.spec?.clusterIP ?? '';
    const lateMs = await appliedWithin(t0, (s) => s.includes(`-d ${lateIP}/32 -p tcp -m comment --comment "default/late:http cluster IP" -m tcp --dport 8081 -j KUBE-SVC-`));
    expect(lateMs).toBeLessThan(1000);
    expect(answeredBy(await request(NS.pod1, `http://${lateIP}:8081/`, 3))).toEqual(['pod2', 'pod2', 'pod2']);
    expect(proxy.lastSync()?.error).toBeUndefined();

    await proxy.stop({ cleanup: true });
    proxy = undefined;
    expect(await iptablesSave()).not.toContain('KUBE-');
  });
});

describe('teardown', () => {
  it('removes the namespaces it made', async () => {
    for (const s of servers) s.kill();
    removeTopology();
    const { stdout } = await run('ip', ['netns', 'list']);
    for (const n of Object.values(NS)) expect(stdout).not.toContain(n);
  });
});
