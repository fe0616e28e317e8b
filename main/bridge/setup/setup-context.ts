// What the Setup view is given of the lab: its progress history, how it was started, and,
// in the desktop app before the first start, the way to start it. The headless lab
// (`k8s-lab up --ui`) fills it in lab-runtime.ts; the app in main/app/main.ts.
import type { LabChoice, SetupPhase } from '../../common/bridge/setup.js';
import type { Accelerator } from '../../vm/qemu/qemu-args.js';
import type { LabSteps } from './lab-steps.js';

export interface SetupContext {
  steps: LabSteps;
  phase(): SetupPhase;
  /** why the start failed (phase `failed`) */
  error?(): string | undefined;
  /** what the running lab was started with */
  started?: { provider: 'host' | 'qemu'; nodes: number; cpus?: number; memoryMiB?: number; accel?: Accelerator };
  /** the lab's own kubeconfig (absent before the first start) */
  kubeconfigPath?: string;
  dataDir: string;
  /** HOME and KUBECONFIG decide which file the kubeconfig merge writes, as for kubectl */
  env: NodeJS.ProcessEnv;
  /** the desktop app's first run only: starts the lab with the user's choice */
  start?(choice: LabChoice): Promise<void>;
}
