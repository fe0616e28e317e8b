// NodePorts for the host: the VMs' nodes sit behind QEMU's user network, so the host
// cannot reach a node IP. For every TCP NodePort the forwarder asks one running VM's
// QEMU to forward 127.0.0.1:<nodePort> to the same port in the guest, where the
// kube-proxy rules send it on to an endpoint on any node (like `minikube service`).
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import type { KubeObject } from '../../common/kube-types.js';
import type { QemuVm } from './qemu-vm.js';

interface ServicePort {
  protocol?: string;
  nodePort?: number;
}

type Service = KubeObject & { spec?: { type?: string; ports?: ServicePort[] } };

export class NodePortForwarder {
  private readonly informer: Informer<Service>;
  private readonly active = new Map<number, QemuVm>();
  private readonly refused = new Set<number>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;

  constructor(
    admin: ApiClient,
    private readonly vms: () => { name: string; vm: QemuVm }[],
    private readonly log: (line: string) => void,
  ) {
    this.informer = new Informer<Service>(admin, { group: '', version: 'v1', resource: 'services' });
    this.informer.on(() => void this.reconcile());
  }

  start(): void {
    this.informer.start();
    // VMs come and go (crash, stop): re-home forwards whose VM is gone
    this.timer = setInterval(() => void this.reconcile(), 3_000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.informer.stop();
  }

  /** the host ports forwarded now, for status views and tests */
  ports(): number[] {
    return [...this.active.keys()].sort((a, b) => a - b);
  }

  private wanted(): Set<number> {
    const ports = new Set<number>();
    for (const svc of this.informer.list()) {
      if (svc.spec?.type !== 'NodePort' && svc.spec?.type !== 'LoadBalancer') continue;
      for (const p of svc.spec.ports ?? []) if (p.nodePort && (p.protocol ?? 'TCP') === 'TCP') ports.add(p.nodePort);
    }
    return ports;
  }

  private async reconcile(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async once(): Promise<void> {
    const wanted = this.wanted();
    const vms = this.vms();
    for (const [port, vm] of this.active) {
      if (wanted.has(port) && vm.running) continue;
      this.active.delete(port);
      if (vm.running) await vm.removeHostForward(port);
    }
    const target = vms[0];
    if (!target) return;
    for (const port of wanted) {
      if (this.active.has(port)) continue;
      const ok = await target.vm.addHostForward(port, port).catch(() => false);
      if (ok) {
        this.active.set(port, target.vm);
        this.refused.delete(port);
        this.log(`nodeport: 127.0.0.1:${port} → ${target.name}:${port}`);
      } else if (!this.refused.has(port)) {
        this.refused.add(port);
        this.log(`nodeport: cannot forward 127.0.0.1:${port} (in use on the host?); reach it from a node instead`);
      }
    }
  }
}
