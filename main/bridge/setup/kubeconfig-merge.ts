// The kubeconfig merge, done: read the user's file, plan (./kubeconfig-plan.ts), and on
// the user's word copy the file aside and write the merged one, 0600, atomically. The
// merge refuses when the file changed since the preview the user approved.
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KubeconfigChange, KubeconfigPlan } from '../../common/bridge/setup.js';
import { readKubeconfig } from '../../control-plane/pki/kubeconfig.js';
import { readTextIfExists, writeFileAtomic } from '../../control-plane/pki/files.js';
import { BridgeError } from '../errors.js';
import { kubeconfigTarget, planKubeconfigMerge } from './kubeconfig-plan.js';
import type { LabEntries } from './kubeconfig-plan.js';

const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** the lab's cluster and credentials, from the kubeconfig the lab wrote in its data dir */
export async function labEntries(labKubeconfig: string): Promise<LabEntries> {
  const k = await readKubeconfig(labKubeconfig, { context: 'k8s-lab' });
  return {
    cluster: { server: k.server, 'certificate-authority-data': b64(k.caPem) },
    user: { 'client-certificate-data': b64(k.certPem), 'client-key-data': b64(k.keyPem) },
  };
}

export interface MergeInput {
  env: NodeJS.ProcessEnv;
  labKubeconfig: string;
  setCurrentContext: boolean;
}

async function plan(o: MergeInput): Promise<{ plan: KubeconfigPlan; after: string; current: string | undefined }> {
  const path = kubeconfigTarget(o.env);
  const current = await readTextIfExists(path);
  return { ...planKubeconfigMerge({ path, current, lab: await labEntries(o.labKubeconfig), setCurrentContext: o.setCurrentContext }), current };
}

export async function previewKubeconfigMerge(o: MergeInput): Promise<KubeconfigPlan> {
  return (await plan(o)).plan;
}

export async function mergeKubeconfig(o: MergeInput & { baseDigest: string }): Promise<{ path: string; backupPath?: string; changes: KubeconfigChange[] }> {
  const { plan: p, after, current } = await plan(o);
  if (p.baseDigest !== o.baseDigest) throw new BridgeError(409, 'Conflict', `${p.path} changed since the preview; look at the changes again before merging`);
  await mkdir(dirname(p.path), { recursive: true, mode: 0o700 });
  if (current !== undefined && p.backupPath) {
    await copyFile(p.path, p.backupPath);
    await chmod(p.backupPath, 0o600); // the copy holds the same keys as the file
  }
  await writeFileAtomic(p.path, after, 0o600);
  return { path: p.path, ...(p.backupPath ? { backupPath: p.backupPath } : {}), changes: p.changes };
}
