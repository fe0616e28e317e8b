// Host-key pinning for the lab's nodes, like OpenSSH's StrictHostKeyChecking=accept-new:
// a node's first key is pinned (unless the caller already knows it), later connections
// must present the same key.
//
// The store is `<dir>/known_hosts` in OpenSSH's known_hosts format (sshd(8) "SSH_KNOWN_HOSTS
// FILE FORMAT"), one line per node, keyed by NODE NAME rather than `[127.0.0.1]:port`:
//     node-1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI…
// A VM's forwarded port changes from boot to boot, its name does not. OpenSSH reads the
// same file with a host alias, so a hand-made session checks the same pin:
//     ssh -o UserKnownHostsFile=<dir>/known_hosts -o HostKeyAlias=node-1 -p <port> root@127.0.0.1
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class KnownHostsError extends Error {
  override readonly name = 'KnownHostsError';
  constructor(
    readonly code: 'HostKeyChanged' | 'Corrupt',
    message: string,
  ) {
    super(message);
  }
}

export interface PinnedKey {
  type: string;
  /** the key blob, base64 (the second field of a .pub line) */
  blob: string;
}

/** What NodeSsh.connect needs: ssh2's hostVerifier, the reason it refused, a commit after login. */
export interface HostKeyCheck {
  readonly name: string;
  /**
   * ssh2's `algorithms.serverHostKey` when a key is known: ask for that type only, as
   * OpenSSH does for known hosts, so a node with several host keys offers the pinned one
   */
  readonly hostKeyAlgorithms: string[] | undefined;
  /** for ssh2's `hostVerifier`: gets the raw key blob the server presented */
  readonly hostVerifier: (key: Buffer) => boolean;
  /** set when hostVerifier refused the key; report this instead of ssh2's "Host denied" */
  readonly rejection: KnownHostsError | undefined;
  /** pin what was seen; called once the session is authenticated (the key has signed the handshake) */
  commit(): void;
}

/** OpenSSH's fingerprint form (`ssh-keygen -lf`): SHA256 of the blob, base64 without padding. */
export function fingerprint(blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** `ssh-ed25519 AAAA… comment` → type and blob. */
export function parsePublicKeyLine(line: string): PinnedKey {
  const [type, blob] = line.trim().split(/\s+/);
  if (!type || !blob || !/^[A-Za-z0-9+/]+=*$/.test(blob)) throw new KnownHostsError('Corrupt', `not an OpenSSH public key line: ${JSON.stringify(line.slice(0, 80))}`);
  return { type, blob };
}

// Synchronous file access on purpose: a read-modify-write of this small file cannot then
// interleave between two nodes connecting at once in this process.
export class KnownHosts {
  readonly file: string;
  constructor(dir: string) {
    this.file = join(dir, 'known_hosts');
  }

  get(name: string): PinnedKey | undefined {
    return this.read().get(name);
  }

  /** Pin `publicKey` (a .pub line) for `name`, replacing any earlier pin (a re-created node). */
  pin(name: string, publicKey: string): void {
    const entries = this.read();
    entries.set(name, parsePublicKeyLine(publicKey));
    this.write(entries);
  }

  /** Forget a node's key (`k8s-lab node remove`); a new node of that name is pinned afresh. */
  remove(name: string): void {
    const entries = this.read();
    if (entries.delete(name)) this.write(entries);
  }

  /**
   * The check for one connection to node `name`. With `expected` (the .pub line of a host
   * key the provider generated) only that key passes and is pinned, replacing an old pin;
   * without it, the pinned key must match, or the first key seen is pinned on commit().
   */
  check(name: string, options: { expected?: string; address?: string } = {}): HostKeyCheck {
    const expected = options.expected === undefined ? undefined : parsePublicKeyLine(options.expected);
    let seen: PinnedKey | undefined;
    let rejection: KnownHostsError | undefined;
    const known = expected ?? this.get(name);
    return {
      name,
      // RSA keys are offered under other algorithm names (rsa-sha2-*): leave those to ssh2
      hostKeyAlgorithms: known && known.type !== 'ssh-rsa' ? [known.type] : undefined,
      hostVerifier: (key: Buffer): boolean => {
        const presented = { type: keyType(key), blob: key.toString('base64') };
        const wanted = expected ?? this.get(name);
        if (wanted && wanted.blob !== presented.blob) {
          rejection = this.changed(name, presented, wanted, options.address, expected !== undefined);
          return false;
        }
        seen = presented;
        return true;
      },
      get rejection() {
        return rejection;
      },
      commit: () => {
        const pinned = this.get(name);
        if (seen && pinned?.blob !== seen.blob) this.pin(name, `${seen.type} ${seen.blob}`);
      },
    };
  }

  private changed(name: string, presented: PinnedKey, wanted: PinnedKey, address: string | undefined, fromExpected: boolean): KnownHostsError {
    const where = address ? ` at ${address}` : '';
    const source = fromExpected ? 'the host key k8s-lab generated for it' : `the key pinned in ${this.file}`;
    // worded after OpenSSH's warning (sshconnect.c, warn_changed_key)
    return new KnownHostsError('HostKeyChanged', [
      `REMOTE HOST IDENTIFICATION HAS CHANGED for node ${name}${where}:`,
      `it presented ${presented.type} key ${fingerprint(presented.blob)}, but ${source} is ${wanted.type} ${fingerprint(wanted.blob)}.`,
      `If the node was re-created, forget its old key with \`k8s-lab node remove ${name}\` (or delete the line starting "${name} " in ${this.file}) and connect again;`,
      'otherwise something else is answering on that address.',
    ].join('\n'));
  }

  private read(): Map<string, PinnedKey> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw err;
    }
    const entries = new Map<string, PinnedKey>();
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [hosts, type, blob] = line.split(/\s+/);
      if (!hosts || !type || !blob) throw new KnownHostsError('Corrupt', `${this.file} line ${i + 1} is not "<node> <key type> <base64 key>"; fix or delete that line`);
      // OpenSSH allows "name1,name2 key": every name gets the key
      for (const host of hosts.split(',')) entries.set(host, { type, blob });
    });
    return entries;
  }

  private write(entries: Map<string, PinnedKey>): void {
    const text = [...entries].map(([name, key]) => `${name} ${key.type} ${key.blob}\n`).join('');
    // write-then-rename: a crash never leaves a half-written store
    const tmp = `${this.file}.${process.pid}.tmp`;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, this.file);
  }
}

/** The key type is the first string in the SSH wire-format blob (RFC 4253 §6.6). */
function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}
