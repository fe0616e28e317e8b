// Where a lab keeps its state: --data-dir, else the user's app-data folder (the same
// folder Electron's app.getPath('userData') gives the desktop app).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'k8s-lab');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'k8s-lab');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'k8s-lab');
}

export function resolveDataDir(flag: string | undefined): string {
  return resolve(flag ?? defaultDataDir());
}

export const RUN_FILE = 'run.json';

export interface RunInfo {
  pid: number;
  apiServer: string;
  etcd?: string;
  kubeconfig: string;
  startedAt: string;
  /** host nodes: the lab id (names of bridge and namespaces) and the host's address on the bridge */
  labId?: string;
  gatewayIp?: string;
  /** which provider runs the nodes (absent: host) */
  provider?: 'host' | 'qemu';
}
