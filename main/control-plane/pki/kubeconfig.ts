// kubeconfig files (clientcmd v1 Config) with the certificates embedded, as kubeadm's
// admin.conf. https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import yaml from 'js-yaml';
import { PkiError } from './errors.js';
import { writeFileAtomic } from './files.js';

export interface Kubeconfig {
  clusterName: string;
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caPem: string;
  user: string;
  certPem: string;
  keyPem: string;
  /** default: clusterName (the lab's context is `k8s-lab`) */
  contextName?: string;
  namespace?: string;
}

const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** Written 0600 (it holds a private key), atomically. */
export async function writeKubeconfig(path: string, cfg: Kubeconfig): Promise<void> {
  const contextName = cfg.contextName ?? cfg.clusterName;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cfg.clusterName, cluster: { 'certificate-authority-data': b64(cfg.caPem), server: cfg.server } }],
    contexts: [
      {
        name: contextName,
        context: { cluster: cfg.clusterName, user: cfg.user, ...(cfg.namespace !== undefined && { namespace: cfg.namespace }) },
      },
    ],
    'current-context': contextName,
    preferences: {},
    users: [{ name: cfg.user, user: { 'client-certificate-data': b64(cfg.certPem), 'client-key-data': b64(cfg.keyPem) } }],
  };
  // lineWidth -1: never fold the long base64 strings
  await writeFileAtomic(path, yaml.dump(doc, { lineWidth: -1, noRefs: true }), 0o600);
}

type Obj = Record<string, unknown>;

function bad(path: string, why: string): PkiError {
  return new PkiError('InvalidKubeconfig', `${path}: ${why}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function named(doc: Obj, list: string, field: string, name: string, path: string): Obj {
  const items = doc[list];
  const item = Array.isArray(items) ? items.find((i): i is Obj => isObj(i) && i.name === name) : undefined;
  const body = item?.[field];
  if (!isObj(body)) throw bad(path, `no ${field} named ${JSON.stringify(name)} in ${list}`);
  return body;
}

function optionalString(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `<key>-data` (base64) wins over `<key>` (a file path, relative to the kubeconfig), as in clientcmd. */
async function pemField(o: Obj, key: string, path: string): Promise<string> {
  const data = optionalString(o, `${key}-data`);
  if (data !== undefined) return Buffer.from(data, 'base64').toString('utf8');
  const file = optionalString(o, key);
  if (file !== undefined) return readFile(resolve(dirname(path), file), 'utf8');
  throw bad(path, `neither ${key}-data nor ${key} is set`);
}

/** Reads the current context (or `context`) back into the shape writeKubeconfig takes. */
export async function readKubeconfig(path: string, opts: { context?: string } = {}): Promise<Kubeconfig> {
  let doc: unknown;
  try {
    doc = yaml.load(await readFile(path, 'utf8'));
  } catch (err) {
    if (err instanceof yaml.YAMLException) throw bad(path, err.message);
    throw err;
  }
  if (!isObj(doc)) throw bad(path, 'not a YAML mapping');
  const contextName = opts.context ?? optionalString(doc, 'current-context');
  if (contextName === undefined) throw bad(path, 'no current-context');
  const context = named(doc, 'contexts', 'context', contextName, path);
  const clusterName = optionalString(context, 'cluster');
  const user = optionalString(context, 'user');
  if (clusterName === undefined || user === undefined) throw bad(path, `context ${contextName} lacks cluster or user`);
  const cluster = named(doc, 'clusters', 'cluster', clusterName, path);
  const userEntry = named(doc, 'users', 'user', user, path);
  const server = optionalString(cluster, 'server');
  if (server === undefined) throw bad(path, `cluster ${clusterName} has no server`);
  const namespace = optionalString(context, 'namespace');
  return {
    clusterName,
    server,
    caPem: await pemField(cluster, 'certificate-authority', path),
    user,
    certPem: await pemField(userEntry, 'client-certificate', path),
    keyPem: await pemField(userEntry, 'client-key', path),
    contextName,
    ...(namespace !== undefined && { namespace }),
  };
}
