// Turns the lab's own log lines (what `k8s-lab up` prints: host-lab.ts, qemu-lab.ts,
// the providers, accel.ts) into progress steps, so the CLI keeps its lines and the UI
// gets the same facts as structured steps without a second reporting path through
// every module. Steps only the lab runtime knows (control plane, network, nodes) it
// marks itself; this class handles what happens deeper down: image builds, the
// accelerator probe, each node's stages.
import type { ProgressLog } from './progress-log.js';

/** the i18n keys of the steps (renderer/views/setup/strings.ts, under `setup.steps`) */
export const STEP_KEYS = {
  controlPlane: 'setup.steps.controlPlane',
  network: 'setup.steps.network',
  labImages: 'setup.steps.labImages',
  registry: 'setup.steps.registry',
  nodeImage: 'setup.steps.nodeImage',
  accelerator: 'setup.steps.accelerator',
  nodes: 'setup.steps.nodes',
  nodeNetwork: 'setup.steps.nodeNetwork',
  nodeContainerd: 'setup.steps.nodeContainerd',
  nodeVm: 'setup.steps.nodeVm',
  nodeBoot: 'setup.steps.nodeBoot',
  nodeAgent: 'setup.steps.nodeAgent',
  ui: 'setup.steps.ui',
  addNode: 'setup.steps.addNode',
  removeNode: 'setup.steps.removeNode',
} as const;

export const nodeStep = (name: string, stage: 'network' | 'containerd' | 'vm' | 'boot' | 'agent'): string => `node/${name}/${stage}`;

export class LabSteps {
  /** the action node steps belong to: `start` while the lab starts, then the action that runs */
  operation = 'start';
  private wanted = 0;
  private readonly started = new Set<string>();

  constructor(readonly progress: ProgressLog) {}

  /** the lab start's node count, for the `nodes` step's percent */
  expectNodes(count: number): void {
    this.wanted = count;
    this.started.clear();
  }

  /** one line of the lab's output */
  line(line: string): void {
    const p = this.progress;
    let m: RegExpExecArray | null;
    if (line.startsWith('images: building')) p.begin('images', this.operation, STEP_KEYS.labImages, undefined, line);
    else if (line.startsWith('images: ')) p.update('images', { detail: line.slice('images: '.length) });
    else if ((m = /^registry: serving the lab images on (\S+)/.exec(line))) {
      if (p.state('images') === 'running') p.done('images');
      this.instant('registry', STEP_KEYS.registry, m[1] ?? '');
    } else if (line.startsWith('node image: building')) p.begin('node-image', this.operation, STEP_KEYS.nodeImage, undefined, line);
    else if ((m = /^node image: (\/\S+) \(kernel/.exec(line))) {
      if (p.state('node-image') === 'running') p.done('node-image', line.slice('node image: '.length));
      else this.instant('node-image', STEP_KEYS.nodeImage, line.slice('node image: '.length));
    } else if (line.startsWith('node image: ')) p.update('node-image', { detail: line.slice('node image: '.length) });
    else if (line.startsWith('qemu: probing ')) p.begin('accelerator', this.operation, STEP_KEYS.accelerator, undefined, line.slice('qemu: '.length));
    else if (/^qemu: (kvm|hvf|whpx|tcg|TCG)/.test(line)) {
      if (p.state('accelerator') === 'running') p.done('accelerator', line.slice('qemu: '.length));
      else this.instant('accelerator', STEP_KEYS.accelerator, line.slice('qemu: '.length));
    } else this.nodeLine(line);
  }

  private nodeLine(line: string): void {
    const p = this.progress;
    let m: RegExpExecArray | null;
    if ((m = /^network: node (\S+) (\S+) \(netns/.exec(line))) {
      const name = m[1] ?? '';
      this.instant(nodeStep(name, 'network'), STEP_KEYS.nodeNetwork, `${m[2] ?? ''}`, { node: name });
      p.begin(nodeStep(name, 'containerd'), this.operation, STEP_KEYS.nodeContainerd, { node: name });
    } else if ((m = /^node (\S+): started \((\S+), containerd (.+)\)$/.exec(line))) {
      const name = m[1] ?? '';
      if (p.state(nodeStep(name, 'containerd')) === 'running') p.done(nodeStep(name, 'containerd'), m[3]);
      else this.instant(nodeStep(name, 'containerd'), STEP_KEYS.nodeContainerd, m[3] ?? '', { node: name });
      this.nodeStarted(name);
      p.begin(nodeStep(name, 'agent'), this.operation, STEP_KEYS.nodeAgent, { node: name });
    } else if ((m = /^node (\S+): VM started \((\w+), (.*)$/.exec(line))) {
      const name = m[1] ?? '';
      const accel = m[2] ?? '';
      this.instant(nodeStep(name, 'vm'), STEP_KEYS.nodeVm, `${accel}, ${(m[3] ?? '').replace(/\); console: .*$/, '')}`, { node: name });
      this.nodeStarted(name);
      p.begin(nodeStep(name, 'boot'), this.operation, STEP_KEYS.nodeBoot, { node: name, accel: accel.toUpperCase() });
    } else if ((m = /^node (\S+): SSH up ([\d.]+) s/.exec(line))) {
      const name = m[1] ?? '';
      p.done(nodeStep(name, 'boot'), `SSH ${m[2] ?? ''} s`);
      p.begin(nodeStep(name, 'agent'), this.operation, STEP_KEYS.nodeAgent, { node: name });
    } else if ((m = /^node (\S+): agent bundle updated/.exec(line))) {
      p.update(nodeStep(m[1] ?? '', 'agent'), { detail: line.slice(line.indexOf(': ') + 2) });
    } else if ((m = /^node (\S+): agent registered ([\d.]+) s after QEMU start \((.*)\)/.exec(line))) {
      p.done(nodeStep(m[1] ?? '', 'agent'), `${m[2] ?? ''} s, ${m[3] ?? ''}`);
    } else if ((m = /^node (\S+): (provisioning failed|cannot start|the agent did not report)(.*)$/.exec(line))) {
      const name = m[1] ?? '';
      const running = p.running().filter((s) => s.id.startsWith(`node/${name}/`));
      if (running.length === 0) this.instant(nodeStep(name, 'vm'), STEP_KEYS.nodeVm, '', { node: name });
      for (const s of running.length > 0 ? running : [{ id: nodeStep(name, 'vm') }]) p.fail(s.id, `${m[2] ?? ''}${m[3] ?? ''}`);
    }
  }

  /** the node's agent reported Ready (watched through the API, see node-ready.ts) */
  nodeReady(name: string, detail: string): void {
    if (this.progress.state(nodeStep(name, 'agent')) === 'running') this.progress.done(nodeStep(name, 'agent'), detail);
  }

  private nodeStarted(name: string): void {
    if (this.operation !== 'start' || this.wanted === 0) return;
    this.started.add(name);
    this.progress.update('nodes', { percent: Math.min(100, Math.round((100 * this.started.size) / this.wanted)) });
  }

  /** a step that is over as soon as we hear of it */
  private instant(id: string, key: string, detail: string, params?: Record<string, string>): void {
    this.progress.begin(id, this.operation, key, params);
    this.progress.done(id, detail);
  }
}
