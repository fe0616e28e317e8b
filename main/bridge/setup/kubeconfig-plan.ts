// Merging the lab's context into the user's kubeconfig, planned without touching disk:
// which file kubectl would write, what changes in it, and the file after. The user's own
// file is edited as a YAML document (eemeli/yaml), so every other cluster, user and
// context — and their comments and order — stay exactly as they were.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import type { Document } from 'yaml';
import type { KubeconfigChange, KubeconfigPlan } from '../../common/bridge/setup.js';
import { BridgeError } from '../errors.js';
import { lineDiff } from './line-diff.js';

/** the names the lab's entries take in the user's file */
export const LAB_CONTEXT = 'k8s-lab';
export const LAB_CLUSTER = 'k8s-lab';
/**
 * Not `kubernetes-admin` (the name in the lab's own file): kubeadm clusters use that
 * name too, and replacing it would break the user's other cluster.
 */
export const LAB_USER = 'k8s-lab-admin';

export interface LabEntries {
  cluster: { server: string; 'certificate-authority-data': string };
  user: { 'client-certificate-data': string; 'client-key-data': string };
}

/**
 * The file kubectl writes a new context to: with $KUBECONFIG, the first file of the
 * list that exists, else the last one; without it, ~/.kube/config
 * (`kubectl config --help`, "the loading order").
 */
export function kubeconfigTarget(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (list.length > 0) return list.find((p) => exists(p)) ?? list[list.length - 1]!;
  return join(env.HOME || homedir(), '.kube', 'config');
}

export function digest(text: string | undefined): string {
  return text === undefined ? 'none' : createHash('sha256').update(text).digest('hex');
}

export function backupPathFor(path: string, current: string | undefined): string | undefined {
  return current === undefined ? undefined : `${path}.k8s-lab-backup-${digest(current).slice(0, 12)}`;
}

const SECTIONS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

function parseUserFile(path: string, text: string | undefined): Document {
  const doc = parseDocument(text ?? '', { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new BridgeError(422, 'Invalid', `${path} is not valid YAML (${doc.errors[0]?.message ?? ''}); fix it or move it away, then merge again`);
  if (doc.contents === null) {
    // no file yet (or an empty one): what kubectl writes for a new config
    return parseDocument('apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\npreferences: {}\n');
  }
  if (!isMap(doc.contents)) throw new BridgeError(422, 'Invalid', `${path} is not a kubeconfig (not a YAML mapping); nothing was written`);
  return doc;
}

function names(doc: Document, section: string): string[] {
  const seq = doc.get(section);
  if (!isSeq(seq)) return [];
  return seq.items.map((i) => (isMap(i) ? i.get('name') : undefined)).filter((n): n is string => typeof n === 'string' && n !== '');
}

function upsert(doc: Document, section: string, field: string, name: string, body: object): KubeconfigChange['action'] {
  let seq = doc.get(section);
  if (!isSeq(seq)) {
    if (seq !== undefined && seq !== null) throw new BridgeError(422, 'Invalid', `the kubeconfig's ${section} is not a list; nothing was written`);
    seq = new YAMLSeq();
    doc.set(section, seq);
  }
  const list = seq as YAMLSeq;
  const entry = { name, [field]: body };
  const i = list.items.findIndex((item) => isMap(item) && item.get('name') === name);
  if (i < 0) {
    list.items.push(doc.createNode(entry));
    return 'add';
  }
  const old: unknown = (list.items[i] as { toJSON(): unknown }).toJSON();
  if (JSON.stringify(old) === JSON.stringify(entry)) return 'unchanged';
  list.items[i] = doc.createNode(entry);
  return 'replace';
}

/** the merge, decided: the file's text after, and what changes */
export function planKubeconfigMerge(o: { path: string; current: string | undefined; lab: LabEntries; setCurrentContext: boolean }): { plan: KubeconfigPlan; after: string } {
  const doc = parseUserFile(o.path, o.current);
  const before = { clusters: names(doc, 'clusters'), users: names(doc, 'users'), contexts: names(doc, 'contexts') };
  const currentBefore = doc.get('current-context');
  const changes: KubeconfigChange[] = [];
  const bodies: Record<(typeof SECTIONS)[number][0], [string, object]> = {
    clusters: [LAB_CLUSTER, o.lab.cluster],
    users: [LAB_USER, o.lab.user],
    contexts: [LAB_CONTEXT, { cluster: LAB_CLUSTER, user: LAB_USER }],
  };
  for (const [section, field] of SECTIONS) {
    const [name, body] = bodies[section];
    changes.push({ section, name, action: upsert(doc, section, field, name, body) });
  }
  const before_ = typeof currentBefore === 'string' && currentBefore !== '' ? currentBefore : null;
  if (o.setCurrentContext) {
    changes.push({ section: 'current-context', name: LAB_CONTEXT, action: before_ === LAB_CONTEXT ? 'unchanged' : before_ === null ? 'add' : 'replace' });
    doc.set('current-context', LAB_CONTEXT);
  }
  // lineWidth 0: never fold the long base64 strings; lists as the file had them (kubectl writes `- name:` flush)
  const indentSeq = /^(clusters|contexts|users):[ \t]*\r?\n[ \t]+- /m.test(o.current ?? '');
  const after = doc.toString({ lineWidth: 0, indentSeq });
  const mine = { clusters: LAB_CLUSTER, users: LAB_USER, contexts: LAB_CONTEXT };
  const backupPath = backupPathFor(o.path, o.current);
  return {
    after,
    plan: {
      path: o.path,
      exists: o.current !== undefined,
      ...(backupPath ? { backupPath } : {}),
      changes,
      diff: lineDiff(o.current ?? '', after),
      baseDigest: digest(o.current),
      kept: {
        clusters: before.clusters.filter((n) => n !== mine.clusters),
        users: before.users.filter((n) => n !== mine.users),
        contexts: before.contexts.filter((n) => n !== mine.contexts),
      },
      currentContext: { before: before_, after: o.setCurrentContext ? LAB_CONTEXT : before_ },
    },
  };
}
