// How the desktop app starts its lab, without Electron (so a unit test can run it): on
// first run (no lab state in the data dir) it waits for the user's choice from the Setup
// view, remembers it in setup.json, and starts; later runs start at once with the
// remembered choice. The start's progress is kept from the first step, so the window
// (open before the lab) shows it all.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabSteps } from '../bridge/setup/lab-steps.js';
import { ProgressLog } from '../bridge/setup/progress-log.js';
import type { SetupContext } from '../bridge/setup/setup-context.js';
import type { LabChoice, SetupPhase } from '../common/bridge/setup.js';
import { DEFAULT_CHOICE } from '../common/bridge/setup.js';
import type { LabOptions, LabRuntime } from '../lab-runtime.js';

export const SETUP_FILE = 'setup.json';

/** first run: nothing of a lab in the data dir (no choice made, no cluster state) */
export function isFirstRun(dataDir: string): boolean {
  return !['setup.json', 'kubeconfig', 'store', 'nodes.json'].some((f) => existsSync(join(dataDir, f)));
}

export function readLabChoice(dataDir: string): LabChoice | undefined {
  try {
    const c = JSON.parse(readFileSync(join(dataDir, SETUP_FILE), 'utf8')) as Partial<LabChoice>;
    if ((c.provider !== 'host' && c.provider !== 'qemu') || typeof c.nodes !== 'number') return undefined;
    return { provider: c.provider, nodes: c.nodes, cpus: c.cpus ?? DEFAULT_CHOICE.cpus, memoryMiB: c.memoryMiB ?? DEFAULT_CHOICE.memoryMiB };
  } catch {
    return undefined;
  }
}

export function writeLabChoice(dataDir: string, choice: LabChoice): void {
  writeFileSync(join(dataDir, SETUP_FILE), JSON.stringify(choice, null, 2) + '\n', { mode: 0o600 });
}

/**
 * The app's lab: the API server and etcd on their usual ports (kubectl and etcdctl work
 * with their defaults), the node network and pod range `k8s-lab up` uses by default.
 * Later runs keep the nodes nodes.json remembers; `nodes` only tops them up.
 */
export function appLabOptions(dataDir: string, choice: LabChoice, steps: LabSteps): LabOptions {
  return {
    dataDir,
    nodes: choice.nodes,
    provider: choice.provider,
    port: 6443,
    etcdPort: 2379,
    etcdServers: [],
    controllers: {},
    nodeCidr: '10.240.0.0/24',
    clusterCidr: '10.244.0.0/16',
    ...(choice.provider === 'qemu' ? { vm: { cpus: choice.cpus, memoryMiB: choice.memoryMiB } } : {}),
    steps,
  };
}

export type StartLab = (opts: LabOptions, log: (line: string) => void) => Promise<LabRuntime>;

export class AppLab {
  readonly steps = new LabSteps(new ProgressLog());
  private phase_: SetupPhase;
  private failure: string | undefined;
  private busy = false;
  runtime: LabRuntime | undefined;

  constructor(
    private readonly o: { dataDir: string; env: NodeJS.ProcessEnv; startLab: StartLab; log: (line: string) => void; onStarted: (rt: LabRuntime) => void },
  ) {
    this.phase_ = isFirstRun(o.dataDir) ? 'first-run' : 'starting';
  }

  phase(): SetupPhase {
    return this.phase_;
  }

  /** what the Setup view sees of the lab, whatever its phase (getters: it is handed out before the lab exists) */
  context(): SetupContext {
    const runtime = (): LabRuntime | undefined => this.runtime;
    return {
      steps: this.steps,
      phase: () => this.phase_,
      error: () => this.failure,
      get started() {
        return runtime()?.started;
      },
      get kubeconfigPath() {
        return runtime()?.cp.kubeconfigPath;
      },
      dataDir: this.o.dataDir,
      env: this.o.env,
      start: (choice) => this.start(choice),
    };
  }

  /** later runs: start with what the first run chose (host with no nodes when the lab came from the CLI) */
  startRemembered(): Promise<void> {
    return this.start(readLabChoice(this.o.dataDir) ?? { provider: 'host', nodes: 0, cpus: DEFAULT_CHOICE.cpus, memoryMiB: DEFAULT_CHOICE.memoryMiB });
  }

  async start(choice: LabChoice): Promise<void> {
    // one start at a time; a second click while starting is a no-op
    if (this.phase_ === 'running' || this.busy) return;
    this.busy = true;
    this.phase_ = 'starting';
    this.failure = undefined;
    try {
      const rt = await this.o.startLab(appLabOptions(this.o.dataDir, choice, this.steps), this.o.log);
      writeLabChoice(this.o.dataDir, choice);
      this.runtime = rt;
      this.phase_ = 'running';
      this.o.onStarted(rt);
    } catch (e) {
      this.failure = e instanceof Error ? e.message : String(e);
      // the user may choose again (another provider, fewer nodes)
      this.phase_ = 'failed';
      throw e;
    } finally {
      this.busy = false;
    }
  }
}
