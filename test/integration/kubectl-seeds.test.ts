// The seeds' kubectl commands that need no running container, replayed with the real
// kubectl (v1.32) against `k8s-lab up --nodes 0`. Every output is checked, not only
// the exit code.
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab, RunResult } from './support/lab.js';
import { FIXTURES, removeDir, startLab } from './support/lab.js';

const SEEDS = join(FIXTURES, 'seeds');
let lab: Lab;

function ok(r: RunResult): string {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** splits kubectl's column output into rows of cells (columns are separated by 2+ spaces) */
function table(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

beforeAll(async () => {
  lab = await startLab();
});

afterAll(async () => {
  const code = await lab.stop();
  expect(code).toBe(0);
  removeDir(lab.dataDir);
});

describe('exercise 1: pods', () => {
  it('starts with no pods in default', () => {
    const r = lab.kubectl(['get', 'pods', '--namespace=default']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('No resources found in default namespace.');
  });

  it('kubectl run creates a pod that stays Pending without nodes', () => {
    expect(ok(lab.kubectl(['run', 'nginx', '--image', 'nginx'])).trim()).toBe('pod/nginx created');
    const rows = table(ok(lab.kubectl(['get', 'pods'])));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1]?.slice(0, 4)).toEqual(['nginx', '0/1', 'Pending', '0']);
    expect(rows[1]?.[4]).toMatch(/^\d+s$/);
    const pod = JSON.parse(ok(lab.kubectl(['get', 'pod', 'nginx', '-o', 'json']))) as {
      spec: { containers: { imagePullPolicy: string }[]; restartPolicy: string; dnsPolicy: string; schedulerName: string; terminationGracePeriodSeconds: number; serviceAccountName: string };
      metadata: { uid: string; creationTimestamp: string; labels: Record<string, string> };
      status: { phase: string };
    };
    expect(pod.spec.containers[0]?.imagePullPolicy).toBe('Always');
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(pod.spec.dnsPolicy).toBe('ClusterFirst');
    expect(pod.spec.schedulerName).toBe('default-scheduler');
    expect(pod.spec.terminationGracePeriodSeconds).toBe(30);
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata.labels).toEqual({ run: 'nginx' });
    expect(pod.status.phase).toBe('Pending');
  });

  it('get -o wide shows the node columns', () => {
    const rows = table(ok(lab.kubectl(['get', 'pods', '-o', 'wide'])));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(rows[1]?.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('run --dry-run=client -o yaml writes a manifest and creates nothing; apply creates, then is unchanged', () => {
    const yamlText = ok(lab.kubectl(['run', 'redis', '--image=redis123', '--dry-run=client', '-o', 'yaml']));
    expect(yamlText).toContain('image: redis123');
    expect(yamlText).toContain('name: redis');
    const missing = lab.kubectl(['get', 'pod', 'redis']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "redis" not found');
    const file = join(lab.dataDir, 'redis.yaml');
    writeFileSync(file, yamlText.replace('image: redis123', 'image: redis'));
    expect(ok(lab.kubectl(['apply', '-f', file])).trim()).toBe('pod/redis created');
    // the generated manifest carries `creationTimestamp: null`, which kubectl's 3-way diff
    // always sends back: a clean manifest is what shows `unchanged`
    const clean = yamlText.replace('image: redis123', 'image: redis').replace(/^ {2}creationTimestamp: null\n/m, '');
    writeFileSync(file, clean);
    expect(ok(lab.kubectl(['apply', '-f', file])).trim()).toBe('pod/redis configured');
    expect(ok(lab.kubectl(['apply', '-f', file])).trim()).toBe('pod/redis unchanged');
    writeFileSync(file, clean.replace('image: redis', 'image: redis:7'));
    expect(ok(lab.kubectl(['apply', '-f', file])).trim()).toBe('pod/redis configured');
    expect(ok(lab.kubectl(['get', 'pod', 'redis', '-o', 'jsonpath={.spec.containers[0].image}']))).toBe('redis:7');
  });

  it('creates the seed pods, multi-container pod and namespaces from YAML', () => {
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-pod.yml')])).trim()).toBe('pod/mynapp-pod created');
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-pod-multi.yml')])).trim()).toBe('pod/mynapp-pod-multi created');
    const multi = table(ok(lab.kubectl(['get', 'pod', 'mynapp-pod-multi'])));
    expect(multi[1]?.slice(0, 3)).toEqual(['mynapp-pod-multi', '0/2', 'Pending']);
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-ns.yml')])).trim()).toBe('namespace/quality-assurance created');
    expect(ok(lab.kubectl(['create', 'namespace', 'development'])).trim()).toBe('namespace/development created');
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-pod-ns.yml')])).trim()).toBe('pod/mynapp-pod created');
    const dev = table(ok(lab.kubectl(['get', 'pods', '--namespace=development'])));
    expect(dev.map((r) => r[0])).toEqual(['NAME', 'mynapp-pod']);
    const again = lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-pod.yml')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect(again.stderr).toContain('pods "mynapp-pod" already exists');
    const ns = table(ok(lab.kubectl(['get', 'ns'])));
    expect(ns[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    const names = ns.slice(1).map((r) => r[0]);
    for (const n of ['default', 'development', 'kube-node-lease', 'kube-public', 'kube-system', 'quality-assurance']) expect(names).toContain(n);
    expect(ns.find((r) => r[0] === 'development')?.[1]).toBe('Active');
  });

  it('-A lists every namespace', () => {
    const rows = table(ok(lab.kubectl(['get', 'pods', '-A'])));
    expect(rows[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.some((r) => r[0] === 'development' && r[1] === 'mynapp-pod')).toBe(true);
    expect(rows.some((r) => r[0] === 'default' && r[1] === 'mynapp-pod')).toBe(true);
  });

  it('labels (with and without --overwrite), annotations, --show-labels and -L', () => {
    expect(ok(lab.kubectl(['label', 'pods', 'mynapp-pod', 'app=web'])).trim()).toBe('pod/mynapp-pod labeled');
    const refused = lab.kubectl(['label', 'pods', 'mynapp-pod', 'env=debug']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("'env' already has a value (dev), and --overwrite is false");
    expect(ok(lab.kubectl(['label', 'pods', 'mynapp-pod', 'env=debug', '--overwrite'])).trim()).toBe('pod/mynapp-pod labeled');
    expect(ok(lab.kubectl(['annotate', 'pods', 'mynapp-pod', 'devops-team/developer=john smith'])).trim()).toBe('pod/mynapp-pod annotated');
    const pod = JSON.parse(ok(lab.kubectl(['get', 'pod', 'mynapp-pod', '-o', 'json']))) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(pod.metadata.labels).toEqual({ app: 'web', env: 'debug', tier: 'frontend' });
    expect(pod.metadata.annotations['devops-team/developer']).toBe('john smith');
    const shown = table(ok(lab.kubectl(['get', 'pods', 'mynapp-pod', '--show-labels'])));
    expect(shown[0]?.at(-1)).toBe('LABELS');
    expect(shown[1]?.at(-1)).toBe('app=web,env=debug,tier=frontend');
    const cols = table(ok(lab.kubectl(['get', 'pods', '-L', 'env,tier'])));
    expect(cols[0]?.slice(-2)).toEqual(['ENV', 'TIER']);
    expect(cols.find((r) => r[0] === 'mynapp-pod')?.slice(-2)).toEqual(['debug', 'frontend']);
    const selected = table(ok(lab.kubectl(['get', 'pods', '-l', 'env=debug', '-o', 'name'])));
    expect(selected.flat()).toEqual(['pod/mynapp-pod']);
    expect(ok(lab.kubectl(['label', 'pods', 'mynapp-pod', 'app-'])).trim()).toBe('pod/mynapp-pod unlabeled');
  });

  it('get -o yaml, -o name, -o jsonpath', () => {
    const yamlText = ok(lab.kubectl(['get', 'pod', 'mynapp-pod', '-o', 'yaml']));
    expect(yamlText).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(yamlText).toMatch(/resourceVersion: "\d+"/);
    expect(ok(lab.kubectl(['get', 'pods', '-o', 'name'])).trim().split('\n')).toContain('pod/mynapp-pod-multi');
    expect(ok(lab.kubectl(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').sort()).toEqual(['mynapp-pod', 'mynapp-pod-multi', 'nginx', 'redis']);
  });

  it('describe shows the pod like a real cluster', () => {
    const out = ok(lab.kubectl(['describe', 'pod', 'mynapp-pod-multi']));
    expect(out).toMatch(/^Name:\s+mynapp-pod-multi$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Status:\s+Pending$/m);
    expect(out).toMatch(/^ {2}mynapp1:$/m);
    expect(out).toMatch(/^ {2}mynapp2:$/m);
    expect(out).toMatch(/Image:\s+httpd/);
    expect(out).toMatch(/Port:\s+8080\/TCP/);
    // with no nodes the scheduler says so, in the pod's events
    expect(out).toMatch(/^Events:$/m);
    expect(out).toMatch(/Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+no nodes available to schedule pods/);
  });

  it('edit with KUBE_EDITOR changes a pod image; delete removes a pod', () => {
    const editor = join(lab.dataDir, 'editor.sh');
    writeFileSync(editor, "#!/bin/sh\nsed -i 's#image: nginx$#image: nginx:1.25#' \"$1\"\n");
    chmodSync(editor, 0o755);
    expect(ok(lab.kubectl(['edit', 'pod', 'nginx'], { env: { KUBE_EDITOR: editor } })).trim()).toBe('pod/nginx edited');
    expect(ok(lab.kubectl(['get', 'pod', 'nginx', '-o', 'jsonpath={.spec.containers[0].image}']))).toBe('nginx:1.25');
    expect(ok(lab.kubectl(['delete', 'pod', 'redis'])).trim()).toBe('pod "redis" deleted');
    expect(lab.kubectl(['get', 'pod', 'redis']).code).toBe(1);
  });
});

describe('exercise 2: replication controllers, replica sets, deployments, services', () => {
  it('creates the RC and RS; the v1 ReplicaSet is refused by kubectl; the mismatched selector by the server', () => {
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-rc.yml')])).trim()).toBe('replicationcontroller/mynapp-rc created');
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'mynapp-rs.yml')])).trim()).toBe('replicaset.apps/mynapp-rs created');
    const rc = table(ok(lab.kubectl(['get', 'replicationcontrollers'])));
    expect(rc[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(rc[1]?.slice(0, 2)).toEqual(['mynapp-rc', '3']);
    const rs = table(ok(lab.kubectl(['get', 'rs', '-o', 'wide'])));
    expect(rs[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(rs[1]?.slice(-3)).toEqual(['mynapp', 'union1991/myweb', 'app=mynapp-rs']);

    const v1 = lab.kubectl(['create', '-f', join(SEEDS, 'replicaset-definition-1.yaml')]);
    expect(v1.code).toBe(1);
    expect(v1.stderr).toContain('no matches for kind "ReplicaSet" in version "v1"');
    const bad = lab.kubectl(['create', '-f', join(SEEDS, 'replicaset-definition-2.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'The ReplicaSet "replicaset-2" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"tier":"nginx"}: `selector` does not match template `labels`',
    );
    expect(lab.kubectl(['get', 'rs', 'replicaset-2']).code).toBe(1);
  });

  it('scales by kubectl scale (resource and file), edit and replace', () => {
    expect(ok(lab.kubectl(['scale', 'rc', 'mynapp-rc', '--replicas=5'])).trim()).toBe('replicationcontroller/mynapp-rc scaled');
    expect(ok(lab.kubectl(['get', 'rc', 'mynapp-rc', '-o', 'jsonpath={.spec.replicas}']))).toBe('5');
    expect(ok(lab.kubectl(['scale', '--replicas=6', '-f', join(SEEDS, 'mynapp-rs.yml')])).trim()).toBe('replicaset.apps/mynapp-rs scaled');
    expect(ok(lab.kubectl(['get', 'rs', 'mynapp-rs', '-o', 'jsonpath={.spec.replicas}']))).toBe('6');
    expect(ok(lab.kubectl(['scale', '--replicas=2', 'replicaset', 'mynapp-rs'])).trim()).toBe('replicaset.apps/mynapp-rs scaled');
    const gen = Number(ok(lab.kubectl(['get', 'rs', 'mynapp-rs', '-o', 'jsonpath={.metadata.generation}'])));
    expect(gen).toBe(3);

    const editor = join(lab.dataDir, 'scale-editor.sh');
    writeFileSync(editor, "#!/bin/sh\nsed -i 's/^  replicas: 2$/  replicas: 4/' \"$1\"\n");
    chmodSync(editor, 0o755);
    expect(ok(lab.kubectl(['edit', 'replicaset', 'mynapp-rs'], { env: { KUBE_EDITOR: editor } })).trim()).toBe('replicaset.apps/mynapp-rs edited');
    expect(ok(lab.kubectl(['get', 'rs', 'mynapp-rs', '-o', 'jsonpath={.spec.replicas}']))).toBe('4');

    const file = join(lab.dataDir, 'rs-6.yml');
    writeFileSync(file, readFileSync(join(SEEDS, 'mynapp-rs.yml'), 'utf8').replace('replicas: 3', 'replicas: 6'));
    expect(ok(lab.kubectl(['replace', '-f', file])).trim()).toBe('replicaset.apps/mynapp-rs replaced');
    expect(ok(lab.kubectl(['get', 'rs', 'mynapp-rs', '-o', 'jsonpath={.spec.replicas}']))).toBe('6');
  });

  it('creates deployments (YAML and imperative) with their defaults', () => {
    expect(ok(lab.kubectl(['create', '-f', join(SEEDS, 'echo-deployment.yml')])).trim()).toBe('deployment.apps/echo-deploy created');
    expect(ok(lab.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).trim()).toBe('deployment.apps/web created');
    const rows = table(ok(lab.kubectl(['get', 'deploy'])));
    expect(rows[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(rows.find((r) => r[0] === 'echo-deploy')?.[1]).toBe('0/4');
    const d = JSON.parse(ok(lab.kubectl(['get', 'deploy', 'web', '-o', 'json']))) as {
      spec: { strategy: { type: string; rollingUpdate: { maxSurge: string; maxUnavailable: string } }; revisionHistoryLimit: number; progressDeadlineSeconds: number };
    };
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
  });

  it("kubectl's typed create commands (protobuf bodies) work", () => {
    expect(ok(lab.kubectl(['create', 'configmap', 'app-config', '--from-literal=mode=dev', '--from-literal=level=3'])).trim()).toBe('configmap/app-config created');
    expect(ok(lab.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cr3t'])).trim()).toBe('secret/db created');
    expect(ok(lab.kubectl(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'])).trim()).toBe('service/np created');
    expect(ok(lab.kubectl(['create', 'serviceaccount', 'robot'])).trim()).toBe('serviceaccount/robot created');
    expect(ok(lab.kubectl(['get', 'cm', 'app-config', '-o', 'jsonpath={.data.mode}/{.data.level}']))).toBe('dev/3');
    expect(Buffer.from(ok(lab.kubectl(['get', 'secret', 'db', '-o', 'jsonpath={.data.password}'])), 'base64').toString()).toBe('s3cr3t');
    const np = table(ok(lab.kubectl(['get', 'svc', 'np'])));
    expect(np[1]?.slice(1, 5)).toEqual(['NodePort', np[1]?.[2] ?? '', '<none>', '80:30080/TCP']);
    const secrets = table(ok(lab.kubectl(['get', 'secrets'])));
    expect(secrets[0]).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(secrets.find((r) => r[0] === 'db')?.slice(1, 3)).toEqual(['Opaque', '1']);
    ok(lab.kubectl(['delete', 'svc', 'np']));
  });

  it('exposes a deployment (ClusterIP) and an RC (LoadBalancer) as in the seeds', () => {
    expect(ok(lab.kubectl(['expose', 'deployment', 'web', '--port=80'])).trim()).toBe('service/web exposed');
    const svc = table(ok(lab.kubectl(['get', 'svc', 'web'])));
    expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(svc[1]?.[1]).toBe('ClusterIP');
    expect(svc[1]?.[2]).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(svc[1]?.slice(3, 5)).toEqual(['<none>', '80/TCP']);

    expect(ok(lab.kubectl(['expose', 'replicationcontroller', 'mynapp-rc', '--type=LoadBalancer', '--name', 'myweb-svc'])).trim()).toBe('service/myweb-svc exposed');
    const lb = table(ok(lab.kubectl(['get', 'services'])));
    const row = lb.find((r) => r[0] === 'myweb-svc');
    expect(row?.[1]).toBe('LoadBalancer');
    expect(row?.[3]).toMatch(/^10\.250\.0\.\d+$/);
    expect(row?.[4]).toMatch(/^8080:3\d{4}\/TCP$/);
    const k = lb.find((r) => r[0] === 'kubernetes');
    expect(k?.slice(1, 5)).toEqual(['ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  it('deletes the RC and the services', () => {
    expect(ok(lab.kubectl(['delete', 'svc', 'myweb-svc'])).trim()).toBe('service "myweb-svc" deleted');
    expect(ok(lab.kubectl(['delete', 'rc', 'mynapp-rc'])).trim()).toBe('replicationcontroller "mynapp-rc" deleted');
    expect(lab.kubectl(['get', 'rc', 'mynapp-rc']).stderr).toContain('replicationcontrollers "mynapp-rc" not found');
  });
});

describe('patch types, server-side apply, dry run, watch', () => {
  it('kubectl patch with strategic, merge and json patches', () => {
    expect(ok(lab.kubectl(['patch', 'pod', 'mynapp-pod', '-p', '{"metadata":{"labels":{"patched":"strategic"}}}'])).trim()).toBe('pod/mynapp-pod patched');
    expect(ok(lab.kubectl(['patch', 'pod', 'mynapp-pod', '--type=merge', '-p', '{"metadata":{"annotations":{"m":"1"}}}'])).trim()).toBe('pod/mynapp-pod patched');
    expect(ok(lab.kubectl(['patch', 'pod', 'mynapp-pod', '--type=json', '-p', '[{"op":"replace","path":"/spec/containers/0/image","value":"c1t1d0s7/myweb:v2"}]'])).trim()).toBe('pod/mynapp-pod patched');
    const pod = JSON.parse(ok(lab.kubectl(['get', 'pod', 'mynapp-pod', '-o', 'json']))) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { containers: { image: string }[] } };
    expect(pod.metadata.labels.patched).toBe('strategic');
    expect(pod.metadata.annotations.m).toBe('1');
    expect(pod.spec.containers[0]?.image).toBe('c1t1d0s7/myweb:v2');
    const forbidden = lab.kubectl(['patch', 'pod', 'mynapp-pod', '--type=json', '-p', '[{"op":"replace","path":"/spec/containers/0/name","value":"renamed"}]']);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('is invalid: spec: Forbidden: pod updates may not change fields other than');
    const noop = lab.kubectl(['patch', 'pod', 'mynapp-pod', '-p', '{"metadata":{"labels":{"patched":"strategic"}}}']);
    expect(ok(noop).trim()).toBe('pod/mynapp-pod patched (no change)');
  });

  it('apply --server-side creates and updates with managed fields; a conflict needs --force-conflicts', () => {
    const file = join(lab.dataDir, 'ssa.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n  b: "2"\n');
    expect(ok(lab.kubectl(['apply', '--server-side', '-f', file])).trim()).toBe('configmap/ssa serverside-applied');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    expect(ok(lab.kubectl(['apply', '--server-side', '-f', file])).trim()).toBe('configmap/ssa serverside-applied');
    const cm = JSON.parse(ok(lab.kubectl(['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields']))) as { data: Record<string, string>; metadata: { managedFields: { manager: string; operation: string }[] } };
    expect(cm.data).toEqual({ a: '1' });
    expect(cm.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }));
    expect(ok(lab.kubectl(['patch', 'cm', 'ssa', '--type=merge', '-p', '{"data":{"a":"changed"}}'])).trim()).toBe('configmap/ssa patched');
    const conflict = lab.kubectl(['apply', '--server-side', '-f', file]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('conflict with "kubectl-patch"');
    expect(ok(lab.kubectl(['apply', '--server-side', '--force-conflicts', '-f', file])).trim()).toBe('configmap/ssa serverside-applied');
    expect(ok(lab.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']))).toBe('1');
  });

  it('--dry-run=server validates and stores nothing', () => {
    expect(ok(lab.kubectl(['run', 'dry', '--image=nginx', '--dry-run=server'])).trim()).toBe('pod/dry created (server dry run)');
    expect(lab.kubectl(['get', 'pod', 'dry']).code).toBe(1);
    const bad = lab.kubectl(['run', 'Dry', '--image=nginx', '--dry-run=server']);
    expect(bad.code).toBe(1);
  });

  it('generateName gives a name with a random suffix', () => {
    const file = join(lab.dataDir, 'gen.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n');
    const out = ok(lab.kubectl(['create', '-f', file])).trim();
    expect(out).toMatch(/^configmap\/gen-[bcdfghjklmnpqrstvwxz2456789]{5} created$/);
  });

  it('get -w prints a line per change, like a real cluster', async () => {
    const { spawn } = await import('node:child_process');
    const w = spawn('kubectl', ['get', 'pods', '-w', '--output-watch-events'], { env: { PATH: process.env.PATH ?? '', HOME: lab.dataDir, KUBECONFIG: lab.kubeconfig } });
    let out = '';
    w.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(re);
    };
    await waitFor(/EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    await waitFor(/ADDED\s+nginx\s+0\/1\s+Pending/);
    ok(lab.kubectl(['run', 'watched', '--image=busybox']));
    await waitFor(/ADDED\s+watched\s+0\/1\s+Pending/);
    ok(lab.kubectl(['label', 'pod', 'watched', 'x=y']));
    await waitFor(/MODIFIED\s+watched\s+0\/1\s+Pending/);
    ok(lab.kubectl(['delete', 'pod', 'watched']));
    await waitFor(/DELETED\s+watched/);
    w.kill();
    expect((out.match(/EVENT\s+NAME/g) ?? []).length).toBe(1);
  });
});

describe('discovery, explain, config', () => {
  it('api-resources lists the seeds short names', () => {
    const rows = table(ok(lab.kubectl(['api-resources'])));
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const expectRow = (name: string, short: string, version: string, namespaced: string, kind: string): void => {
      expect(rows).toContainEqual([name, short, version, namespaced, kind]);
    };
    expectRow('pods', 'po', 'v1', 'true', 'Pod');
    expectRow('services', 'svc', 'v1', 'true', 'Service');
    expectRow('replicationcontrollers', 'rc', 'v1', 'true', 'ReplicationController');
    expectRow('namespaces', 'ns', 'v1', 'false', 'Namespace');
    expectRow('nodes', 'no', 'v1', 'false', 'Node');
    expectRow('events', 'ev', 'v1', 'true', 'Event');
    expectRow('configmaps', 'cm', 'v1', 'true', 'ConfigMap');
    expectRow('serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount');
    expectRow('replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet');
    expectRow('deployments', 'deploy', 'apps/v1', 'true', 'Deployment');
    expectRow('daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet');
  });

  it('api-versions lists the served group versions', () => {
    const versions = ok(lab.kubectl(['api-versions'])).trim().split('\n');
    for (const v of ['v1', 'apps/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1', 'discovery.k8s.io/v1']) expect(versions).toContain(v);
  });

  it('explain pod and deployment.spec.strategy', () => {
    const pod = ok(lab.kubectl(['explain', 'pod']));
    expect(pod).toMatch(/^KIND:\s+Pod$/m);
    expect(pod).toMatch(/^VERSION:\s+v1$/m);
    expect(pod).toContain('DESCRIPTION:');
    expect(pod).toMatch(/spec\s+<PodSpec>/);
    const strategy = ok(lab.kubectl(['explain', 'deployment.spec.strategy']));
    expect(strategy).toMatch(/^GROUP:\s+apps$/m);
    expect(strategy).toMatch(/^FIELD:\s+strategy <DeploymentStrategy>$/m);
    expect(strategy).toMatch(/rollingUpdate\s+<RollingUpdateDeployment>/);
    expect(strategy).toMatch(/type\s+<string>/);
  });

  it('config set-context --current --namespace switches the default namespace', () => {
    const kc = join(lab.dataDir, 'kubeconfig-copy');
    copyFileSync(lab.kubeconfig, kc);
    expect(ok(lab.kubectl(['config', 'set-context', '--current', '--namespace=development'], { env: { KUBECONFIG: kc } })).trim()).toBe('Context "k8s-lab" modified.');
    const rows = table(ok(lab.kubectl(['get', 'pods'], { env: { KUBECONFIG: kc } })));
    expect(rows.map((r) => r[0])).toEqual(['NAME', 'mynapp-pod']);
  });

  it('delete ns moves the namespace to Terminating and takes its contents with it', () => {
    const r = lab.kubectl(['delete', 'ns', 'development', '--timeout=60s']);
    expect(ok(r).trim()).toBe('namespace "development" deleted');
    expect(lab.kubectl(['get', 'ns', 'development']).stderr).toContain('namespaces "development" not found');
    expect(lab.kubectl(['get', 'pods', '-n', 'development']).stderr.trim()).toBe('No resources found in development namespace.');
    const refused = lab.kubectl(['delete', 'ns', 'default']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
  });
});
