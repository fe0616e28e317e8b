// The k8s-lab command: `up`, `down`, `status`. Flags are parsed strictly: an unknown
// flag or a bad value is an error that names it, never silently ignored.
import { parseArgs } from 'node:util';
import { resolveDataDir } from './data-dir.js';
import { down, status } from './down-status.js';
import { CliError } from './errors.js';
import { up } from './up.js';
import { nodeCommand } from './node.js';
import { Cidr, CidrError } from '../common/cidr.js';

const USAGE = `usage: k8s-lab <command> [flags]

commands:
  up      start the lab headless and serve the API   [--data-dir DIR] [--nodes N] [--provider host|qemu]
                                                      [--port 6443] [--etcd-port 2379] [--etcd-servers URL,...]
          timings (Kubernetes 1.32 defaults)          [--node-monitor-grace-period 50s] [--node-monitor-period 5s]
                                                      [--node-startup-grace-period 60s]
                                                      [--default-not-ready-toleration-seconds 300]
                                                      [--default-unreachable-toleration-seconds 300]
          nodes' network                              [--node-cidr 10.240.0.0/24] [--cluster-cidr 10.244.0.0/16]
          VM nodes (--provider qemu)                  [--node-cpus 1] [--node-memory 768] (MiB) [--accel kvm|hvf|whpx|tcg]
          the app's UI in a browser on loopback       [--ui]   (prints: ui http://127.0.0.1:PORT/#token=TOKEN)
  node    manage the nodes of the running lab         node list | add [NAME] | remove|stop|start|restart|crash NAME
                                                      node exec NAME -- COMMAND [ARGS...]   [--data-dir DIR]
                                                      node logs NAME [agent|containerd|dockerd|console]
  down    stop the lab started from DIR               [--data-dir DIR]
  status  show whether the lab in DIR is running      [--data-dir DIR]
`;

function intFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`invalid value "${value}" for --${name}: expected an integer from ${min} to ${max}`, 2);
  return n;
}

/** a Go-style duration (`40s`, `1m30s`, `500ms`), as kube components take them */
function durationFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const total = parts.reduce((sum, m) => sum + Number(m[1]) * (units[m[2] ?? ''] ?? 0), 0);
  if (parts.length === 0 || parts.map((m) => m[0]).join('') !== value || total <= 0) {
    throw new CliError(`invalid value "${value}" for --${name}: expected a duration such as 40s, 1m30s or 500ms`, 2);
  }
  return total;
}

/** a lab range: valid, and clear of the service range and the LoadBalancer pool */
function cidrFlag(name: string, value: string): string {
  try {
    const c = new Cidr(value);
    for (const taken of ['10.96.0.0/12', '10.250.0.0/24']) {
      if (c.overlaps(new Cidr(taken))) throw new CidrError(`it overlaps the lab's ${taken === '10.96.0.0/12' ? 'service range' : 'LoadBalancer pool'} ${taken}`);
    }
    return c.text;
  } catch (e) {
    if (e instanceof CidrError) throw new CliError(`invalid value "${value}" for --${name}: ${e.message}`, 2);
    throw e;
  }
}

export async function main(argv: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      out(USAGE);
      return command ? 0 : 2;
    }
    const common = { 'data-dir': { type: 'string' as const } };
    if (command === 'up') {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          nodes: { type: 'string' },
          provider: { type: 'string' },
          port: { type: 'string' },
          'etcd-port': { type: 'string' },
          'etcd-servers': { type: 'string' },
          'node-cidr': { type: 'string' },
          'cluster-cidr': { type: 'string' },
          'node-cpus': { type: 'string' },
          'node-memory': { type: 'string' },
          accel: { type: 'string' },
          ui: { type: 'boolean' },
          'node-monitor-grace-period': { type: 'string' },
          'node-monitor-period': { type: 'string' },
          'node-startup-grace-period': { type: 'string' },
          'default-not-ready-toleration-seconds': { type: 'string' },
          'default-unreachable-toleration-seconds': { type: 'string' },
        },
      });
      const provider = values.provider ?? 'host';
      if (provider !== 'host' && provider !== 'qemu') throw new CliError(`invalid value "${provider}" for --provider: expected host or qemu`, 2);
      const accel = values.accel;
      if (accel !== undefined && !['kvm', 'hvf', 'whpx', 'tcg'].includes(accel)) throw new CliError(`invalid value "${accel}" for --accel: expected kvm, hvf, whpx or tcg`, 2);
      await up(
        {
          dataDir: resolveDataDir(values['data-dir']),
          nodes: intFlag('nodes', values.nodes, 0, 0, 50),
          ui: values.ui === true,
          provider,
          port: intFlag('port', values.port, 6443, 0, 65535),
          etcdPort: intFlag('etcd-port', values['etcd-port'], 2379, 0, 65535),
          nodeCidr: cidrFlag('node-cidr', values['node-cidr'] ?? '10.240.0.0/24'),
          clusterCidr: cidrFlag('cluster-cidr', values['cluster-cidr'] ?? '10.244.0.0/16'),
          vm: {
            cpus: intFlag('node-cpus', values['node-cpus'], 1, 1, 16),
            memoryMiB: intFlag('node-memory', values['node-memory'], 768, 384, 16384),
            accel: accel as 'kvm' | 'hvf' | 'whpx' | 'tcg' | undefined,
          },
          etcdServers: (values['etcd-servers'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
          controllers: {
            nodeMonitorGracePeriodMs: durationFlag('node-monitor-grace-period', values['node-monitor-grace-period']),
            nodeMonitorPeriodMs: durationFlag('node-monitor-period', values['node-monitor-period']),
            nodeStartupGracePeriodMs: durationFlag('node-startup-grace-period', values['node-startup-grace-period']),
          },
          tolerationSeconds: {
            notReady: intFlag('default-not-ready-toleration-seconds', values['default-not-ready-toleration-seconds'], 300, 0, 86400 * 365),
            unreachable: intFlag('default-unreachable-toleration-seconds', values['default-unreachable-toleration-seconds'], 300, 0, 86400 * 365),
          },
        },
        out,
      );
      return 0;
    }
    if (command === 'node') {
      const dash = rest.indexOf('--');
      const head = dash >= 0 ? rest.slice(0, dash) : rest;
      const { values, positionals } = parseArgs({ args: head, strict: true, allowPositionals: true, options: common });
      const code = await nodeCommand(resolveDataDir(values['data-dir']), positionals, dash >= 0 ? rest.slice(dash + 1) : [], out);
      return code;
    }
    if (command === 'down' || command === 'status') {
      const { values } = parseArgs({ args: rest, strict: true, options: common });
      const dir = resolveDataDir(values['data-dir']);
      await (command === 'down' ? down(dir, out) : status(dir, out));
      return 0;
    }
    throw new CliError(`unknown command "${command}"\n${USAGE}`, 2);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`k8s-lab: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`k8s-lab: ${e.message}\n${USAGE}`);
      return 2;
    }
    console.error(`k8s-lab: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
