// The endpoints of the `kubernetes` Service in default. The Service has no selector, so
// neither endpoints controller touches it: kube-apiserver keeps them itself (its
// endpoint reconciler, --endpoint-reconciler-type=lease, every 10 s), writing the
// Endpoints (labelled skip-mirror so no mirror slice is made) and the EndpointSlice
// named `kubernetes` with the API server's advertise address and secure port. The lab
// runs one API server, so the address list is just that one. The lead starts this next
// to the API server with the address it listens on.
import type { KubeObject } from '../../common/kube-types.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { ControllerClock } from './controller-support.js';
import { ControllerConfigError, checkNumber, isNotFound, realClock } from './controller-support.js';
import { stableJson } from './endpoint-pods.js';

export interface ApiServerEndpointsConfig {
  /** kube-apiserver --advertise-address: the IP nodes and pods reach the API server on (not loopback, not a host name) */
  advertiseAddress: string;
  /** kube-apiserver --secure-port (6443) */
  securePort: number;
  /** how often the endpoints are checked and repaired (kube: 10 s) */
  intervalMs: number;
  clock: ControllerClock;
  onError?: (e: unknown) => void;
}

export function apiServerEndpointsConfig(c: Partial<ApiServerEndpointsConfig> & { advertiseAddress: string }): ApiServerEndpointsConfig {
  const cfg = { advertiseAddress: c.advertiseAddress, securePort: c.securePort ?? 6443, intervalMs: c.intervalMs ?? 10_000, clock: c.clock ?? realClock, onError: c.onError };
  if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(cfg.advertiseAddress) && !cfg.advertiseAddress.includes(':')) {
    throw new ControllerConfigError(`kubernetes-service-endpoints: advertiseAddress must be an IP address, got ${JSON.stringify(cfg.advertiseAddress)}`);
  }
  // Endpoints validation refuses loopback addresses, and pods could not reach one anyway
  if (cfg.advertiseAddress.startsWith('127.') || cfg.advertiseAddress === '::1') {
    throw new ControllerConfigError(`kubernetes-service-endpoints: advertiseAddress ${cfg.advertiseAddress} is in the loopback range; give the address nodes reach the API server on`);
  }
  checkNumber('kubernetes-service-endpoints', 'securePort', cfg.securePort, 1);
  checkNumber('kubernetes-service-endpoints', 'intervalMs', cfg.intervalMs, 1);
  return cfg;
}

const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints', namespace: 'default' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: 'default' };

export class KubernetesServiceEndpoints {
  readonly config: ApiServerEndpointsConfig;
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    config: Partial<ApiServerEndpointsConfig> & { advertiseAddress: string },
  ) {
    this.config = apiServerEndpointsConfig(config);
  }

  start(): void {
    const loop = (): void => {
      if (this.stopped) return;
      void this.reconcile().catch((e: unknown) => this.config.onError?.(e));
      this.cancel = this.config.clock.afterFunc(this.config.intervalMs, loop);
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** writes both objects when they are missing or say something else */
  async reconcile(): Promise<void> {
    const { advertiseAddress: ip, securePort: port } = this.config;
    const ports = [{ name: 'https', port, protocol: 'TCP' }];
    await this.ensure(ENDPOINTS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip }], ports }],
    }, ['subsets']);
    await this.ensure(SLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: ip.includes(':') ? 'IPv6' : 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports,
    }, ['addressType', 'endpoints', 'ports']);
  }

  private async ensure(path: typeof ENDPOINTS, want: KubeObject, fields: string[]): Promise<void> {
    let current: KubeObject | undefined;
    try {
      current = await this.client.get(path, 'kubernetes');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (!current) {
      await this.client.create(path, want);
      return;
    }
    const same = fields.every((f) => stableJson(current[f]) === stableJson(want[f])) && stableJson(current.metadata.labels ?? {}) === stableJson(want.metadata.labels);
    if (same) return;
    await this.client.update(path, { ...want, metadata: { ...want.metadata, resourceVersion: current.metadata.resourceVersion } });
  }
}
