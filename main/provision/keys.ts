// SSH keys of a lab: one client key pair that every node authorizes for root, and
// per-node sshd host keys made ahead of boot so the node's identity is known before the
// first connection (the provider writes it into the node; the known-hosts store pins it).
//
// Files use OpenSSH's own formats and names, so `ssh -i <dir>/id_ed25519` works by hand:
// the private key in the "openssh-key-v1" format (what ssh-keygen writes since 7.8), mode
// 0600 because ssh refuses a key others can read ("UNPROTECTED PRIVATE KEY FILE").
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

const { utils } = ssh2;
export const LAB_KEY_COMMENT = 'k8s-lab';
const KEY_FILE = 'id_ed25519';

export class KeysError extends Error {
  override readonly name = 'KeysError';
  constructor(
    readonly code: 'Corrupt' | 'Io',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface LabKey {
  /** OpenSSH-format private key (what ssh2's `privateKey` option takes) */
  privateKey: string;
  /** one authorized_keys line: `ssh-ed25519 AAAA… k8s-lab` */
  publicKey: string;
  /** where the private key lives (the public one is beside it, `.pub`) */
  path: string;
}

export interface HostKey {
  /** OpenSSH-format private key, for the node's /etc/ssh/ssh_host_ed25519_key (mode 0600) */
  privateKey: string;
  /** `ssh-ed25519 AAAA… <comment>`, for /etc/ssh/ssh_host_ed25519_key.pub and for pinning */
  publicKey: string;
}

/** `<type> <base64 blob> <comment>`: the authorized_keys / .pub line of a parsed key. */
export function publicKeyLine(key: ParsedKey, comment: string): string {
  return `${key.type} ${key.getPublicSSH().toString('base64')} ${comment}`;
}

/** The lab's client key in `dir`: made once, then read back (a second call never regenerates). */
export async function ensureLabKey(dir: string): Promise<LabKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, KEY_FILE);
  const existing = await readIfExists(path);
  if (existing !== undefined) return loadLabKey(path, existing);

  const pair = utils.generateKeyPairSync('ed25519', { comment: LAB_KEY_COMMENT });
  try {
    // 'wx': if another process made the key between our read and this write, use theirs
    await writeFile(path, pair.private, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadLabKey(path, await readFile(path, 'utf8'));
    throw new KeysError('Io', `cannot write the lab SSH key ${path}: ${(err as Error).message}`, { cause: err });
  }
  await writeFile(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
  return { privateKey: pair.private, publicKey: pair.public, path };
}

/** A fresh ed25519 host key for one node's sshd. */
export function generateHostKey(comment = 'k8s-lab-node'): HostKey {
  const pair = utils.generateKeyPairSync('ed25519', { comment });
  return { privateKey: pair.private, publicKey: pair.public };
}

async function loadLabKey(path: string, text: string): Promise<LabKey> {
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error || !parsed.isPrivateKey()) {
    const why = parsed instanceof Error ? parsed.message : 'it holds no private key';
    throw new KeysError('Corrupt', `the lab SSH key ${path} cannot be read (${why}); delete ${path} and ${path}.pub and a new key is made on the next start (nodes then need the new key: re-create them)`);
  }
  // keep it private even if someone loosened it: ssh -i would refuse it otherwise
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const publicKey = publicKeyLine(parsed, LAB_KEY_COMMENT);
  // the .pub file is derived data: rewrite it when missing or stale
  if ((await readIfExists(`${path}.pub`))?.trim() !== publicKey) await writeFile(`${path}.pub`, `${publicKey}\n`, { mode: 0o644 });
  return { privateKey: text, publicKey, path };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeysError('Io', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}
