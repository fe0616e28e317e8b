// The files of one layer, collected from extracted Debian packages and recipe files
// before they are written as a tar stream.

export type EntrySource = { kind: 'host'; path: string } | { kind: 'data'; data: Buffer };

export interface LayerEntry {
  /** Image-relative path: no leading or trailing slash. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits including setuid/setgid/sticky (no file-type bits). */
  mode: number;
  uid: number;
  gid: number;
  /** Byte length of a file's content. */
  size: number;
  source?: EntrySource;
  /** Symlink target, as written. */
  target?: string;
  /** `dev:ino` of a host file that has other hard links, so the tar keeps them linked. */
  inode?: string;
}

export function normalizePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/');
}
