// A throwaway HTTP server with just enough discovery for kubectl 1.32 to run `create ...`
// and `drain`: it records every request body and answers a create with 201 and the object
// our decoder made of it (so kubectl also has to accept that JSON back).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './index.js';

export interface Captured {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

export interface KubectlStub {
  url: string;
  captured: Captured[];
  close(): Promise<void>;
}

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const resource = (name: string, kind: string, namespaced: boolean, extra: Record<string, unknown> = {}) => ({
  name,
  singularName: kind.toLowerCase(),
  namespaced,
  kind,
  verbs: VERBS,
  ...extra,
});
const group = (gv: string) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: 'v1' }], preferredVersion: { groupVersion: gv, version: 'v1' } });

const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: ['apps/v1', 'policy/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1'].map(group),
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('namespaces', 'Namespace', false),
      resource('configmaps', 'ConfigMap', true),
      resource('secrets', 'Secret', true),
      resource('services', 'Service', true),
      resource('serviceaccounts', 'ServiceAccount', true),
      resource('nodes', 'Node', false),
      resource('pods', 'Pod', true),
      resource('pods/eviction', 'Eviction', true, { group: 'policy', version: 'v1', verbs: ['create'] }),
      resource('resourcequotas', 'ResourceQuota', true),
      resource('serviceaccounts/token', 'TokenRequest', true, { group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }),
    ],
  },
  '/apis/apps/v1': { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [resource('deployments', 'Deployment', true)] },
  '/apis/policy/v1': { kind: 'APIResourceList', groupVersion: 'policy/v1', resources: [resource('poddisruptionbudgets', 'PodDisruptionBudget', true)] },
  '/apis/batch/v1': { kind: 'APIResourceList', groupVersion: 'batch/v1', resources: [resource('jobs', 'Job', true), resource('cronjobs', 'CronJob', true)] },
  '/apis/rbac.authorization.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'rbac.authorization.k8s.io/v1',
    resources: [
      resource('roles', 'Role', true),
      resource('rolebindings', 'RoleBinding', true),
      resource('clusterroles', 'ClusterRole', false),
      resource('clusterrolebindings', 'ClusterRoleBinding', false),
    ],
  },
  '/apis/scheduling.k8s.io/v1': { kind: 'APIResourceList', groupVersion: 'scheduling.k8s.io/v1', resources: [resource('priorityclasses', 'PriorityClass', false)] },
};

// one node with one ReplicaSet-owned pod, for `kubectl drain n1`
const NODE = { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n1', uid: 'node-uid', resourceVersion: '1' }, spec: {}, status: {} };
const POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'p1',
    namespace: 'default',
    uid: 'pod-uid',
    resourceVersion: '2',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true }],
  },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Running' },
};

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export async function startKubectlStub(): Promise<KubectlStub> {
  const captured: Captured[] = [];
  let evicted = false;

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const contentType = req.headers['content-type'] ?? '';
    if (body.length > 0) captured.push({ method: req.method ?? '', url: req.url ?? '', contentType, body });
    const doc = DISCOVERY[path];
    if (req.method === 'GET' && doc) return send(res, 200, doc);
    if (path === '/api/v1/nodes/n1') return send(res, 200, NODE);
    if (path === '/api/v1/pods') return send(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '3' }, items: evicted ? [] : [POD] });
    if (path === '/api/v1/namespaces/default/pods/p1/eviction') {
      evicted = true;
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    if (path === '/api/v1/namespaces/default/pods/p1') return evicted ? send(res, 404, status(404, 'NotFound', 'pods "p1" not found')) : send(res, 200, POD);
    if (req.method === 'POST' && contentType === PROTOBUF_CONTENT_TYPE) {
      try {
        const { object } = decodeKubeProtobuf(body);
        // kubectl create token prints status.token, which only a server fills in
        if (path.endsWith('/token')) object['status'] = { token: 'stub-token', expirationTimestamp: '2030-01-01T00:00:00Z' };
        return send(res, 201, object);
      } catch (e) {
        return send(res, 400, status(400, 'BadRequest', (e as Error).message));
      }
    }
    // /openapi/v3 and anything else: kubectl then skips client-side validation
    send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    captured,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

/** The real kubectl against the stub; a missing binary fails loudly, it never skips. */
export class Kubectl {
  private readonly homes: string[] = [];

  constructor(private readonly server: string) {
    if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} (v1.32) is required: apt-get install -y kubectl`);
  }

  /** Each call gets a fresh HOME, so kubectl's discovery cache starts empty. */
  async run(...args: string[]): Promise<string> {
    const home = await mkdtemp(join(tmpdir(), 'k8s-lab-protobuf-'));
    this.homes.push(home);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home };
    const { stdout } = await run(KUBECTL, ['--server', this.server, ...args], { env, cwd: home, timeout: 15_000 });
    return stdout;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.homes.map((h) => rm(h, { recursive: true, force: true })));
  }
}
