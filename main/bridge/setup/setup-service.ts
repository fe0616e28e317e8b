// The Setup view's service: the lab's state and progress history, the accelerator, adding
// and removing nodes with progress, the first start in the desktop app, and the
// kubeconfig merge. Handlers (./setup-handlers.ts) validate and delegate here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AcceleratorInfo, KubeconfigChange, KubeconfigPlan, LabChoice, NodeInfoView, ProgressStep, ProviderAvailability, ProviderKind, SetupState } from '../../common/bridge/setup.js';
import type { NodeProvider } from '../../vm/provider.js';
import { missingTools } from '../../vm/qemu/qemu-lab.js';
import { BridgeError } from '../errors.js';
import { AcceleratorProbe } from './accelerator.js';
import { mergeKubeconfig, previewKubeconfigMerge } from './kubeconfig-merge.js';
import { STEP_KEYS } from './lab-steps.js';
import type { SetupContext } from './setup-context.js';

const HOST_TOOLS = ['containerd', 'runc', 'ip', 'nsenter', 'iptables'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin').split(':').some((d) => existsSync(join(d, tool)));
}

/** which providers this machine can run: host nodes need Linux, root and containerd; VM nodes need QEMU */
export function providerAvailability(): Record<ProviderKind, ProviderAvailability> {
  const missingHost = HOST_TOOLS.filter((t) => !onPath(t));
  const host: ProviderAvailability =
    process.platform !== 'linux'
      ? { available: false, reason: `host nodes are network namespaces: Linux only (this is ${process.platform})` }
      : process.getuid?.() !== 0
        ? { available: false, reason: 'host nodes need root (network namespaces, containerd)' }
        : missingHost.length > 0
          ? { available: false, reason: `missing: ${missingHost.join(', ')}` }
          : { available: true };
  const missing = missingTools();
  return { host, qemu: missing.length > 0 ? { available: false, reason: `missing: ${missing.join(', ')}` } : { available: true } };
}

export interface LabView {
  provider?: NodeProvider;
  apiServerUrl?: string;
}

export class SetupService {
  private readonly accel: AcceleratorProbe;
  private nextOp = 1;

  constructor(
    private readonly ctx: SetupContext,
    /** the running lab (a getter: in the desktop app the lab starts after the window opens) */
    private readonly lab: () => LabView,
  ) {
    this.accel = new AcceleratorProbe(ctx);
  }

  state(): SetupState {
    const phase = this.ctx.phase();
    const s = this.ctx.started;
    const error = this.ctx.error?.();
    const lab = this.lab();
    return {
      phase,
      ...(s ? { choice: { provider: s.provider, nodes: s.nodes, cpus: s.cpus ?? 1, memoryMiB: s.memoryMiB ?? 768 } } : {}),
      ...(phase === 'running' && lab.apiServerUrl
        ? {
            lab: {
              provider: lab.provider?.kind ?? null,
              apiServer: lab.apiServerUrl,
              kubeconfig: this.ctx.kubeconfigPath ?? '',
              dataDir: this.ctx.dataDir,
              nodes: lab.provider?.list() ?? [],
            },
          }
        : {}),
      providers: providerAvailability(),
      ...(error ? { error } : {}),
    };
  }

  history(): ProgressStep[] {
    return this.ctx.steps.progress.snapshot();
  }

  /** the history now, then every change until the returned function is called */
  follow(onStep: (step: ProgressStep) => void): { steps: ProgressStep[]; cancel: () => void } {
    const cancel = this.ctx.steps.progress.subscribe(onStep);
    return { steps: this.history(), cancel };
  }

  accelerator(probe: boolean): Promise<AcceleratorInfo> {
    return this.accel.info(probe);
  }

  start(choice: LabChoice): Promise<{ starting: true }> {
    if (!this.ctx.start || this.ctx.phase() === 'running' || this.ctx.phase() === 'starting') {
      throw new BridgeError(409, 'Conflict', 'the lab is already started; add or remove nodes instead');
    }
    const available = providerAvailability()[choice.provider];
    if (choice.nodes > 0 && !available.available) throw new BridgeError(422, 'Invalid', `the ${choice.provider} provider cannot run here: ${available.reason ?? ''}`);
    // the start runs on; its steps and its end reach the window as progress events
    void this.ctx.start(choice).catch(() => undefined);
    return Promise.resolve({ starting: true });
  }

  async addNode(name: string | undefined): Promise<NodeInfoView> {
    const provider = this.provider();
    const op = `add-node-${this.nextOp++}`;
    const id = `${op}/node`;
    const steps = this.ctx.steps;
    steps.progress.begin(id, op, STEP_KEYS.addNode, { node: name ?? '' });
    const previous = steps.operation;
    steps.operation = op;
    try {
      const node = await provider.add(name);
      steps.progress.done(id, `${node.name} ${node.ip}`);
      return node;
    } catch (e) {
      steps.progress.fail(id, e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      steps.operation = previous;
    }
  }

  async removeNode(name: string): Promise<{ removed: string }> {
    const provider = this.provider();
    const op = `remove-node-${this.nextOp++}`;
    const id = `${op}/node`;
    this.ctx.steps.progress.begin(id, op, STEP_KEYS.removeNode, { node: name });
    try {
      await provider.remove(name);
      this.ctx.steps.progress.done(id, name);
      return { removed: name };
    } catch (e) {
      this.ctx.steps.progress.fail(id, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  kubeconfigPreview(setCurrentContext: boolean): Promise<KubeconfigPlan> {
    return previewKubeconfigMerge({ env: this.ctx.env, labKubeconfig: this.labKubeconfig(), setCurrentContext });
  }

  kubeconfigMerge(setCurrentContext: boolean, baseDigest: string): Promise<{ path: string; backupPath?: string; changes: KubeconfigChange[] }> {
    return mergeKubeconfig({ env: this.ctx.env, labKubeconfig: this.labKubeconfig(), setCurrentContext, baseDigest });
  }

  private labKubeconfig(): string {
    const path = this.ctx.kubeconfigPath;
    if (!path || this.ctx.phase() !== 'running') throw new BridgeError(503, 'ServiceUnavailable', 'the lab is not running yet: its kubeconfig exists once the control plane is up');
    return path;
  }

  private provider(): NodeProvider {
    // the same words as the CLI's node verbs (main/cli/up.ts)
    const provider = this.lab().provider;
    if (!provider) throw new BridgeError(400, 'BadRequest', 'this lab has no node provider: start it with --nodes N --provider host|qemu');
    return provider;
  }
}
