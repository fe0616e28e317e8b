// Issue 4's acceptance on real host nodes: `k8s-lab up --nodes 2 --provider host` (each
// node a network namespace with its own containerd and agent), then the seeds'
// exercises with real kubectl: pulls from the lab registry that succeed and fail for
// real, logs, exec -it through a pty, port-forward, a liveness restart, Services from a
// pod, a node and the host, and a crashed node whose pods move.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../main/control-plane/controllers/kwok.fixture.js';
import type { Lab } from './support/lab.js';
import { removeDir, ROOT, startLab } from './support/lab.js';
import { requireTool } from './support/tools.js';

let lab: Lab;
// counting rules on the host's way out (no target: they only count), for the no-leak check
const LEAK_TAG = `k8s-lab-leak-check-${process.pid}`;
const defaultDev = (): string | undefined => /\bdev (\S+)/.exec(execFileSync('ip', ['route', 'show', 'default'], { encoding: 'utf8' }))?.[1];
const leakRules = (): string[][] => {
  const dev = defaultDev();
  if (!dev) return [];
  return ['FORWARD', 'OUTPUT'].flatMap((chain) => ['10.241.0.0/24', '10.245.0.0/16'].map((src) => [chain, '-o', dev, '-s', src, '-m', 'comment', '--comment', LEAK_TAG]));
};
const k = (...args: string[]): string => {
  const r = lab.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const apply = (yaml: string): string => {
  const r = lab.kubectl(['apply', '-f', '-'], { input: yaml });
  if (r.code !== 0) throw new Error(`kubectl apply: ${r.stderr}`);
  return r.stdout;
};
const podJson = (name: string): { status?: { phase?: string; podIP?: string; containerStatuses?: { name: string; ready: boolean; restartCount: number; state: Record<string, { reason?: string }> }[] }; spec: { nodeName?: string } } =>
  JSON.parse(k('get', 'pod', name, '-o', 'json')) as never;
const running = (name: string): Promise<boolean> => waitFor(`${name} Running`, () => podJson(name).status?.phase === 'Running', 120_000, 250);
const nodeExec = (node: string, ...cmd: string[]): { code: number; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'node', 'exec', node, '--data-dir', lab.dataDir, '--', ...cmd], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const nodeVerb = (...args: string[]): string =>
  execFileSync(process.execPath, [join(ROOT, 'bin', 'k8s-lab.mjs'), 'node', ...args, '--data-dir', lab.dataDir], { encoding: 'utf8', timeout: 120_000 });

// What the nodes look like when a Service does not answer from a pod: the pods, the
// endpoints, and on every node its rules, routes and pod network — the bridge's
// neighbours (a reused pod IP still mapped to the old pod's MAC drops what the node
// forwards to the new pod), ports and sandboxes, every pod netns with an address in the
// node's pod /24 (two with one address is an IP handed out twice); and from inside the
// client's netns its addresses, routes, its gateway and each backend by pod IP.
const POD_NET_DUMP = `
client=$1; svc=$2; shift 2
gw=$(ip -o -4 addr show dev cni0 | awk '{print $4}' | cut -d/ -f1); net=\${gw%.*}; me=$(ip netns identify $$)
echo "== nat rules of $svc (with counters)"; iptables-save -c -t nat | grep -F "$svc"
echo "== routes"; ip route
echo "== neighbours on cni0"; ip neigh show dev cni0
echo "== ports of cni0"; bridge link show
echo "== sandboxes"; crictl pods
echo "== conntrack of $client"; grep -F "=$client " /proc/net/nf_conntrack
echo "== pod netns of this node ($me) with an address in $net.0/24"
mine() { nsenter --net="$1" ip -o link show dev eth0 2>/dev/null | grep -q "link-netns $me\\b"; }
for ns in /run/netns/cni-*; do
  mine "$ns" || continue
  a=$(nsenter --net="$ns" ip -o -4 addr show dev eth0 | awk '{print $4}')
  case "$a" in "$net".*) echo "$ns $a $(nsenter --net="$ns" ip -o link show dev eth0 | grep -o 'link/ether [0-9a-f:]*')";; esac
done
for ns in /run/netns/cni-*; do
  mine "$ns" || continue
  nsenter --net="$ns" ip -o -4 addr show dev eth0 | grep -q " $client/" || continue
  echo "== inside $ns"; nsenter --net="$ns" ip addr; nsenter --net="$ns" ip route; nsenter --net="$ns" ip neigh
  nsenter --net="$ns" curl -s -m 2 -o /dev/null "http://$gw:1/"; echo "-- gateway $gw: curl exit $? (7 refused = reachable, 28 = timeout)"
  for b in "$@"; do nsenter --net="$ns" curl -s -m 2 -o /dev/null "http://$b"; echo "-- backend $b: curl exit $?"; done
done
`;
const serviceDump = (client: string, service: string, selector: string): string => {
  const pod = podJson(client);
  const port = k('get', 'svc', service, '-o', 'jsonpath={.spec.ports[0].targetPort}');
  const backends = (JSON.parse(k('get', 'pods', '-l', selector, '-o', 'json')) as { items: { status?: { podIP?: string } }[] }).items
    .flatMap((p) => (p.status?.podIP ? [`${p.status.podIP}:${port}`] : []));
  const nodes = k('get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}').split(' ').filter(Boolean);
  const perNode = nodes.map((node) => {
    const r = nodeExec(node, 'sh', '-c', POD_NET_DUMP, 'sh', pod.status?.podIP ?? '', `default/${service}`, ...backends);
    return `#### ${node}${node === pod.spec.nodeName ? ` (runs ${client})` : ''}\n${r.stdout}${r.stderr}`;
  });
  return [k('get', 'pods', '-o', 'wide'), k('get', 'endpointslices', '-o', 'wide'), ...perNode].join('\n');
};

beforeAll(async () => {
  for (const rule of leakRules()) execFileSync('iptables', ['-w', '-I', ...rule]);
  for (const tool of ['containerd', 'runc', 'ip', 'nsenter', 'iptables', 'curl', 'script']) requireTool(tool);
  lab = await startLab({
    extraArgs: [
      '--nodes', '2', '--provider', 'host', '--node-cidr', '10.241.0.0/24', '--cluster-cidr', '10.245.0.0/16',
      '--node-monitor-grace-period', '20s', '--node-monitor-period', '1s', '--default-not-ready-toleration-seconds', '4', '--default-unreachable-toleration-seconds', '4',
    ],
    readyTimeoutMs: 300_000,
  });
  await waitFor('two Ready nodes', () => {
    const out = k('get', 'nodes', '--no-headers');
    return out.split('\n').filter((l) => /\sReady\s/.test(l)).length === 2;
  }, 60_000, 250);
}, 330_000);

afterAll(async () => {
  for (const rule of leakRules()) execFileSync('iptables', ['-w', '-D', ...rule]);
  if (!lab) return;
  const dir = lab.dataDir;
  await lab.stop();
  // stopping the lab removes every namespace, interface, rule and process it made
  const netns = existsSync('/var/run/netns') ? execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }) : '';
  const run = `${netns}\n${execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })}\n${readFileSync('/proc/self/mountinfo', 'utf8')}`;
  removeDir(dir);
  expect(run).not.toContain(dir);
  expect(netns).not.toMatch(/klab[0-9a-f]{4}-node-/);
}, 120_000);

describe('host nodes', () => {
  it('registers two Ready nodes with containerd, addresses and pod CIDRs', () => {
    const wide = k('get', 'nodes', '-o', 'wide');
    expect(wide).toMatch(/node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.\d+\s+10\.241\.0\.11\s+<none>\s+.*containerd:\/\/1\.6\./);
    expect(wide).toMatch(/node-2\s+Ready/);
    const cidrs = k('get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}').split(' ').sort();
    expect(cidrs).toEqual(['10.245.0.0/24', '10.245.1.0/24']);
    const lease = k('get', 'lease', '-n', 'kube-node-lease', 'node-1', '-o', 'jsonpath={.spec.holderIdentity}');
    expect(lease).toBe('node-1');
  });

  it("replays the seeds' exercise 1: nginx runs, webapp's agentx cannot be pulled, redis123 is fixed by apply", async () => {
    expect(k('run', 'nginx', '--image', 'nginx')).toContain('pod/nginx created');
    await running('nginx');
    expect(podJson('nginx').status?.podIP).toMatch(/^10\.245\.[01]\.\d+$/);
    apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: webapp\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n  - name: agentx\n    image: agentx\n');
    await waitFor('webapp 1/2 with agentx pulling failed', () => {
      const line = k('get', 'pod', 'webapp', '--no-headers');
      return /webapp\s+1\/2\s+(ErrImagePull|ImagePullBackOff)\s/.test(line);
    }, 120_000, 250);
    const describe = k('describe', 'pod', 'webapp');
    expect(describe).toMatch(/Failed to pull image "agentx": .*not found/);
    expect(describe).toMatch(/Back-off pulling image "agentx"/);
    const redis = spawnSync(requireTool('kubectl'), ['run', 'redis', '--image=redis123', '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: lab.kubeconfig } }).stdout;
    apply(redis);
    await waitFor('redis123 fails to pull', () => /ErrImagePull|ImagePullBackOff/.test(k('get', 'pod', 'redis', '--no-headers')), 60_000, 250);
    expect(apply(redis.replace('image: redis123', 'image: redis'))).toContain('pod/redis configured');
    await running('redis');
    expect(k('exec', 'redis', '--', 'redis-cli', 'ping').trim()).toBe('PONG');
    expect(k('delete', 'pod', 'webapp')).toContain('pod "webapp" deleted');
    expect(lab.kubectl(['get', 'pod', 'webapp']).stderr).toContain('pods "webapp" not found');
  }, 300_000);

  it("replays the seeds' exercise 2: busybox777 pods back off until kubectl edit fixes the image", async () => {
    apply(readFileSync(join(ROOT, 'test', 'fixtures', 'seeds', 'new-replica-set.yaml'), 'utf8'));
    await waitFor('4 pods in ImagePullBackOff', () => (k('get', 'pods', '-l', 'name=busybox-pod', '--no-headers').match(/ImagePullBackOff/g) ?? []).length === 4, 120_000, 500);
    expect(k('get', 'rs', 'new-replica-set', '--no-headers')).toMatch(/new-replica-set\s+4\s+4\s+0\s/);
    const edit = lab.kubectl(['edit', 'rs', 'new-replica-set'], { env: { EDITOR: 'sed -i s/busybox777/busybox/' } });
    expect(edit.stdout).toContain('replicaset.apps/new-replica-set edited');
    k('delete', 'pods', '-l', 'name=busybox-pod', '--wait=false');
    await waitFor('4 busybox pods Running and Ready', () => /new-replica-set\s+4\s+4\s+4\s/.test(k('get', 'rs', 'new-replica-set', '--no-headers')), 180_000, 500);
    const pod = k('get', 'pods', '-l', 'name=busybox-pod', '-o', 'jsonpath={.items[0].metadata.name}');
    expect(k('logs', pod)).toBe('Hello Kubernetes!\n');
    k('delete', 'rs', 'new-replica-set');
  }, 420_000);

  it('serves kubectl logs -c, exec -it through a pty, and port-forward to the myweb pod', async () => {
    apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: mynapp-pod\nspec:\n  containers:\n  - name: mynapp\n    image: union1991/myweb\n    ports:\n    - containerPort: 8080\n  - name: sidecar\n    image: busybox\n    command: ["sh", "-c", "echo from-sidecar; sleep 3600"]\n');
    await running('mynapp-pod');
    await waitFor('both containers ready', () => /2\/2/.test(k('get', 'pod', 'mynapp-pod', '--no-headers')), 60_000, 250);
    expect(k('logs', 'mynapp-pod', '-c', 'mynapp')).toContain('...start My Node.js Application...');
    expect(k('logs', 'mynapp-pod', '-c', 'sidecar')).toBe('from-sidecar\n');
    const tty = spawnSync('script', ['-qfc', `kubectl exec -it mynapp-pod -c sidecar -- sh`, '/dev/null'], {
      input: 'echo $((6*7))\nexit\n',
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: lab.kubeconfig },
      timeout: 60_000,
    });
    expect(tty.stdout).toMatch(/\r?\n42\r?\n/);
    const pf = spawn(requireTool('kubectl'), ['port-forward', 'mynapp-pod', '18080:8080'], { env: { ...process.env, KUBECONFIG: lab.kubeconfig } });
    try {
      await waitFor('port-forward listening', () => {
        const r = spawnSync('curl', ['-s', '-m', '3', 'http://127.0.0.1:18080/'], { encoding: 'utf8' });
        return r.status === 0 && r.stdout;
      }, 30_000, 250).then((body) => {
        expect(body).toMatch(/^Message: HELLO World!\nHostname: mynapp-pod\nPlatform: linux\nUptime: [\d.]+\nIP: 10\.245\.\d+\.\d+\nDNS: /);
      });
    } finally {
      pf.kill('SIGTERM');
    }
  }, 180_000);

  it('restarts the myweb container when its liveness probe fails', async () => {
    apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: mynapp-pod-liveness\nspec:\n  terminationGracePeriodSeconds: 3\n  containers:\n  - image: union1991/myweb\n    name: mynapp\n    ports:\n    - containerPort: 8080\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 8089\n      periodSeconds: 1\n      failureThreshold: 2\n');
    await waitFor('a restart', () => (podJson('mynapp-pod-liveness').status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 120_000, 500);
    const events = k('describe', 'pod', 'mynapp-pod-liveness');
    expect(events).toMatch(/Liveness probe failed: Get "http:\/\/10\.245\.\d+\.\d+:8089\/": dial tcp 10\.245\.\d+\.\d+:8089: connect: connection refused/);
    expect(events).toContain('Container mynapp failed liveness probe, will be restarted');
    k('delete', 'pod', 'mynapp-pod-liveness', '--wait=false');
  }, 180_000);

  // before the Service check on purpose: the liveness pod's and the crasher's IPs are free
  // again when the web pods start, so a web pod can get an IP its node still has a
  // neighbour entry for (agent/network/pod-network.ts forgetNeighbour)
  it('backs off a crashing container (CrashLoopBackOff) and keeps the previous log', async () => {
    k('run', 'crasher', '--image', 'busybox', '--', 'sh', '-c', 'echo boom; exit 3');
    await waitFor('CrashLoopBackOff after two restarts', () => {
      const s = podJson('crasher').status?.containerStatuses?.[0];
      return (s?.restartCount ?? 0) >= 2 && s?.state.waiting?.reason === 'CrashLoopBackOff';
    }, 120_000, 250);
    expect(k('get', 'pod', 'crasher', '--no-headers')).toMatch(/crasher\s+0\/1\s+CrashLoopBackOff\s+[2-9]/);
    const last = JSON.parse(k('get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].lastState}')) as { terminated: { exitCode: number; reason: string } };
    expect(last.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(k('logs', 'crasher', '--previous')).toBe('boom\n');
    expect(k('describe', 'pod', 'crasher')).toMatch(/Back-off restarting failed container crasher in pod crasher_default\(/);
    k('delete', 'pod', 'crasher', '--wait=false');
  }, 180_000);

  it('answers a ClusterIP and NodePort Service from a pod on the other node, from a node and from the host', async () => {
    k('create', 'deployment', 'web', '--image=union1991/myweb', '--replicas=3', '--port=8080');
    k('expose', 'deployment', 'web', '--port', '80', '--target-port', '8080', '--type', 'NodePort');
    await waitFor('3 ready replicas', () => /web\s+3\/3/.test(k('get', 'deployment', 'web', '--no-headers')), 120_000, 500);
    const clusterIP = k('get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}');
    const nodePort = k('get', 'svc', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}');
    k('run', 'client', '--image', 'busybox', '--', 'sleep', '3600');
    await running('client');
    const hostnames = new Set<string>();
    await waitFor('the service spreads over the replicas', () => {
      const body = k('exec', 'client', '--', 'wget', '-qO-', `http://${clusterIP}/`);
      hostnames.add(/Hostname: (\S+)/.exec(body)?.[1] ?? '');
      return hostnames.size >= 2;
    }, 60_000, 100).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${serviceDump('client', 'web', 'app=web')}`);
    });
    const clientNode = podJson('client').spec.nodeName ?? '';
    const otherNode = clientNode === 'node-1' ? 'node-2' : 'node-1';
    // every node's kube-proxy applies the rules within a second of the endpoints changing
    const fromNode = await waitFor('the Service from the other node', () => {
      const r = nodeExec(otherNode, 'curl', '-s', '-m', '5', `http://${clusterIP}/`);
      return r.stdout.includes('Message: HELLO World!') && r.stdout;
    }, 30_000, 500);
    expect(fromNode).toMatch(/^Message: HELLO World!\nHostname: web-/);
    const fromHost = await waitFor('the NodePort from the host', () => {
      const r = spawnSync('curl', ['-s', '-m', '5', `http://10.241.0.11:${nodePort}/`], { encoding: 'utf8' });
      return r.stdout.includes('Message: HELLO World!') && r.stdout;
    }, 30_000, 500);
    expect(fromHost).toMatch(/^Message: HELLO World!\nHostname: web-/);
  }, 240_000);

  it('shows the same pods with crictl and ctr inside the node as kubectl shows', () => {
    const pod = podJson('nginx');
    const node = pod.spec.nodeName ?? '';
    const pods = nodeExec(node, 'crictl', 'pods', '--name', 'nginx');
    expect(pods.stderr).toBe('');
    expect(pods.stdout).toMatch(/^POD ID\s+CREATED\s+STATE\s+NAME\s+NAMESPACE\s+ATTEMPT\s+RUNTIME\n[0-9a-f]{13}\s+.*\s+Ready\s+nginx\s+default\s+0\s+\(default\)\n$/);
    const ps = nodeExec(node, 'crictl', 'ps', '-a', '--name', 'nginx');
    const containerId = /containerd:\/\/([0-9a-f]+)/.exec(k('get', 'pod', 'nginx', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'))?.[1] ?? '';
    expect(ps.stdout).toContain(containerId.slice(0, 13));
    expect(ps.stdout).toMatch(/Running\s+nginx\s+0\s/);
    expect(nodeExec(node, 'crictl', 'images').stdout).toMatch(/docker\.io\/library\/nginx\s+latest\s/);
    expect(nodeExec(node, 'crictl', 'logs', containerId).stdout + nodeExec(node, 'crictl', 'logs', containerId).stderr).toContain('start worker process');
    const inspect = JSON.parse(nodeExec(node, 'crictl', 'inspect', containerId).stdout) as { status: { id: string; state: string; labels: Record<string, string> } };
    expect(inspect.status.id).toBe(containerId);
    expect(inspect.status.state).toBe('CONTAINER_RUNNING');
    expect(inspect.status.labels['io.kubernetes.pod.name']).toBe('nginx');
    expect(nodeExec(node, 'ctr', 'containers', 'ls').stdout).toContain(containerId);
  });

  it('sent no packet from the lab out of the host\'s default interface', () => {
    // every rule counts packets with a lab source address leaving by the default route's device
    const counted = execFileSync('iptables-save', ['-c'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(LEAK_TAG))
      .map((l) => Number(/^\[(\d+):/.exec(l)?.[1] ?? NaN));
    expect(counted).toHaveLength(defaultDev() ? 4 : 0);
    expect(counted.every((n) => n === 0)).toBe(true);
  });

  it('moves the pods of a crashed node to the other node, and brings the node back', async () => {
    const before = JSON.parse(k('get', 'pods', '-l', 'app=web', '-o', 'json')) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
    const victim = before.items[0]?.spec.nodeName ?? 'node-1';
    const survivor = victim === 'node-1' ? 'node-2' : 'node-1';
    expect(nodeVerb('crash', victim)).toContain(`node/${victim} crashed`);
    await waitFor(`${victim} NotReady`, () => new RegExp(`${victim}\\s+NotReady`).test(k('get', 'nodes', '--no-headers')), 60_000, 250);
    await waitFor('3 web replicas ready on the survivor', () => {
      const pods = JSON.parse(k('get', 'pods', '-l', 'app=web', '-o', 'json')) as { items: { spec: { nodeName: string }; status: { phase: string; conditions?: { type: string; status: string }[] } }[] };
      const ready = pods.items.filter((p) => p.spec.nodeName === survivor && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= 3;
    }, 180_000, 500);
    expect(nodeVerb('start', victim)).toContain(`node/${victim} started`);
    await waitFor(`${victim} Ready again`, () => new RegExp(`${victim}\\s+Ready`).test(k('get', 'nodes', '--no-headers')), 60_000, 250);
  }, 300_000);
});
