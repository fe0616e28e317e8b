// The kubeconfig merge on real files in a temp HOME: the lab's context is added, every
// other entry stays byte for byte, the old file is backed up, current-context moves only
// when asked, $KUBECONFIG is honoured as kubectl does, and a file changed after the
// preview is not overwritten.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfig } from '../../control-plane/pki/kubeconfig.js';
import { mergeKubeconfig, previewKubeconfigMerge } from './kubeconfig-merge.js';
import { kubeconfigTarget, LAB_USER } from './kubeconfig-plan.js';

const OTHER = `# my clusters
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
contexts:
- name: prod
  context:
    cluster: prod
    user: kubernetes-admin
current-context: prod
preferences: {}
users:
- name: kubernetes-admin
  user:
    token: secret-token
`;

let dir: string;
let labKubeconfig: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lab-kc-'));
  labKubeconfig = join(dir, 'lab', 'kubeconfig');
  mkdirSync(join(dir, 'lab'));
  await writeKubeconfig(labKubeconfig, { clusterName: 'k8s-lab', server: 'https://127.0.0.1:6443', caPem: 'CA PEM', user: 'kubernetes-admin', certPem: 'CERT PEM', keyPem: 'KEY PEM '.repeat(20), contextName: 'k8s-lab' });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Named = { name: string };
const names = (list: unknown): string[] => (list as Named[]).map((e) => e.name).sort();

describe('kubeconfigTarget', () => {
  it('is ~/.kube/config without $KUBECONFIG', () => {
    expect(kubeconfigTarget({ HOME: '/home/u' })).toBe('/home/u/.kube/config');
  });
  it("is $KUBECONFIG's first existing file, else its last (kubectl's loading rules)", () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const c = join(dir, 'c');
    writeFileSync(b, '');
    writeFileSync(c, '');
    expect(kubeconfigTarget({ HOME: '/home/u', KUBECONFIG: [a, b, c].join(delimiter) })).toBe(b);
    writeFileSync(a, '');
    expect(kubeconfigTarget({ HOME: '/home/u', KUBECONFIG: [a, b].join(delimiter) })).toBe(a);
    expect(kubeconfigTarget({ HOME: '/home/u', KUBECONFIG: [join(dir, 'x'), join(dir, 'y')].join(delimiter) })).toBe(join(dir, 'y'));
  });
});

describe('merging into the user kubeconfig', () => {
  it('creates ~/.kube/config when there is none, 0600, without setting current-context unless asked', async () => {
    const env = { HOME: dir };
    const plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false });
    expect(plan.exists).toBe(false);
    expect(plan.backupPath).toBeUndefined();
    expect(plan.changes.map((c) => `${c.section}/${c.name}:${c.action}`)).toEqual(['clusters/k8s-lab:add', `users/${LAB_USER}:add`, 'contexts/k8s-lab:add']);
    const r = await mergeKubeconfig({ env, labKubeconfig, setCurrentContext: false, baseDigest: plan.baseDigest });
    const path = join(dir, '.kube', 'config');
    expect(r.path).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(doc['current-context']).toBeUndefined();
    expect(doc.contexts).toEqual([{ name: 'k8s-lab', context: { cluster: 'k8s-lab', user: LAB_USER } }]);
    expect((doc.clusters as { cluster: { server: string } }[])[0]?.cluster.server).toBe('https://127.0.0.1:6443');
  });

  it('keeps every other cluster, user and context (and the comment), backs the file up, and leaves current-context alone', async () => {
    const path = join(dir, '.kube', 'config');
    mkdirSync(join(dir, '.kube'));
    writeFileSync(path, OTHER);
    const env = { HOME: dir };
    const plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false });
    expect(plan.kept).toEqual({ clusters: ['prod'], users: ['kubernetes-admin'], contexts: ['prod'] });
    expect(plan.currentContext).toEqual({ before: 'prod', after: 'prod' });
    // the preview never shows a private key
    expect(plan.diff.some((l) => l.op === '+' && /client-key-data: \S{12}… \(\d+ characters\)$/.test(l.text))).toBe(true);
    expect(JSON.stringify(plan.diff)).not.toContain(Buffer.from('KEY PEM '.repeat(20)).toString('base64'));
    const r = await mergeKubeconfig({ env, labKubeconfig, setCurrentContext: false, baseDigest: plan.baseDigest });
    expect(r.backupPath).toBe(plan.backupPath);
    expect(readFileSync(r.backupPath!, 'utf8')).toBe(OTHER);
    expect(statSync(r.backupPath!).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# my clusters\n')).toBe(true);
    const doc = parse(text) as Record<string, unknown>;
    expect(names(doc.clusters)).toEqual(['k8s-lab', 'prod']);
    // the user's own `kubernetes-admin` is untouched: the lab's user has its own name
    expect(names(doc.users)).toEqual(['k8s-lab-admin', 'kubernetes-admin']);
    expect((doc.users as { name: string; user: { token?: string } }[]).find((u) => u.name === 'kubernetes-admin')?.user.token).toBe('secret-token');
    expect(names(doc.contexts)).toEqual(['k8s-lab', 'prod']);
    expect(doc['current-context']).toBe('prod');
  });

  it('sets current-context only when asked, and merging again changes nothing else', async () => {
    const path = join(dir, '.kube', 'config');
    mkdirSync(join(dir, '.kube'));
    writeFileSync(path, OTHER);
    const env = { HOME: dir };
    let plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: true });
    expect(plan.changes).toContainEqual({ section: 'current-context', name: 'k8s-lab', action: 'replace' });
    await mergeKubeconfig({ env, labKubeconfig, setCurrentContext: true, baseDigest: plan.baseDigest });
    expect((parse(readFileSync(path, 'utf8')) as Record<string, unknown>)['current-context']).toBe('k8s-lab');
    plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false });
    expect(plan.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(plan.diff.every((l) => l.op === ' ')).toBe(true);
  });

  it('writes the first existing $KUBECONFIG file, not ~/.kube/config', async () => {
    const first = join(dir, 'first.yaml');
    writeFileSync(first, OTHER);
    const env = { HOME: dir, KUBECONFIG: [join(dir, 'missing.yaml'), first].join(delimiter) };
    const plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false });
    expect(plan.path).toBe(first);
    await mergeKubeconfig({ env, labKubeconfig, setCurrentContext: false, baseDigest: plan.baseDigest });
    expect(names((parse(readFileSync(first, 'utf8')) as Record<string, unknown>).contexts)).toEqual(['k8s-lab', 'prod']);
    expect(existsSync(join(dir, '.kube', 'config'))).toBe(false);
  });

  it('refuses when the file changed after the preview (409), and a file that is not YAML (422)', async () => {
    const path = join(dir, '.kube', 'config');
    mkdirSync(join(dir, '.kube'));
    writeFileSync(path, OTHER);
    const env = { HOME: dir };
    const plan = await previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false });
    writeFileSync(path, OTHER + '# edited\n');
    await expect(mergeKubeconfig({ env, labKubeconfig, setCurrentContext: false, baseDigest: plan.baseDigest })).rejects.toMatchObject({ status: { code: 409, reason: 'Conflict' } });
    expect(readFileSync(path, 'utf8')).toBe(OTHER + '# edited\n');
    writeFileSync(path, 'clusters: [unclosed\n');
    await expect(previewKubeconfigMerge({ env, labKubeconfig, setCurrentContext: false })).rejects.toMatchObject({ status: { code: 422 } });
  });
});
