// The shape of image recipes (recipes.ts): data, not code paths. A layer is a set of
// Debian packages (filtered) plus files; an image is layers plus an OCI config.

/** A Debian package in a layer. `keep` (globs) selects paths; without it the whole package
 *  minus the global drop list and `drop` goes in. */
export interface PackageSpec {
  name: string;
  keep?: string[];
  drop?: string[];
}

interface Owned { mode?: number; uid?: number; gid?: number }

export type FileSpec =
  | ({ kind: 'dir'; path: string } & Owned)
  | { kind: 'symlink'; path: string; target: string }
  | ({ kind: 'text'; path: string; text: string } & Owned)
  /** A file from vm-images/images/ (e.g. `files/nginx/nginx.conf`). */
  | ({ kind: 'asset'; path: string; asset: string } & Owned)
  /** The sorted concatenation of a package's files matching `glob` (the CA bundle that
   *  update-ca-certificates would write). */
  | { kind: 'concat'; path: string; package: string; glob: string }
  /** A static binary compiled on the build host from a C source in vm-images/images/. */
  | { kind: 'compiled'; path: string; source: string };

export interface LayerSpec {
  /** Unique name; images list layers by name, so a shared layer is built once. */
  name: string;
  packages?: PackageSpec[];
  files?: FileSpec[];
  /** Applet symlinks for a busybox binary in this layer (`busybox --install -s`). */
  busyboxApplets?: { binary: string };
}

/** OCI image config fields users see (docker inspect / crictl inspecti). Strings may carry
 *  `{{version:PKG}}`, replaced by the upstream part of that package's version. */
export interface ImageConfigSpec {
  User?: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  ExposedPorts?: string[];
  WorkingDir?: string;
  StopSignal?: string;
  Labels?: Record<string, string>;
}

export interface ImageSpec {
  /** Short name for --only and the progress output. */
  name: string;
  /** Full normalized references; several refs may name the same image. */
  refs: string[];
  description: string;
  layers: string[];
  config: ImageConfigSpec;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
