// OCI image config and manifest for a recipe: what `crictl inspecti` / `docker inspect`
// show (Entrypoint, Cmd, Env, ExposedPorts, WorkingDir, StopSignal, User) and the layers.
import type { ResolvedPackage } from './apt.js';
import type { LayerBlob } from './blobs.js';
import { upstreamVersion } from './inputs.js';
import type { Platform } from './inputs.js';
import { MEDIA_TYPES } from './layout.js';
import type { OciImageConfig, OciManifest } from './layout.js';
import type { ImageConfigSpec, ImageSpec } from './recipe-types.js';

export class ImageConfigError extends Error {
  override name = 'ImageConfigError';
}

function expand(text: string, versions: Map<string, ResolvedPackage>): string {
  return text.replace(/\{\{version:([^}]+)\}\}/g, (_m, pkg: string) => {
    const v = versions.get(pkg);
    if (!v) throw new ImageConfigError(`{{version:${pkg}}}: ${pkg} is not a package of this image`);
    return upstreamVersion(v.version);
  });
}

function runtimeConfig(spec: ImageConfigSpec, versions: Map<string, ResolvedPackage>): OciImageConfig['config'] {
  const out: OciImageConfig['config'] = {};
  const x = (s: string): string => expand(s, versions);
  if (spec.User !== undefined) out.User = spec.User;
  if (spec.Env) out.Env = spec.Env.map(x);
  if (spec.Entrypoint) out.Entrypoint = spec.Entrypoint.map(x);
  if (spec.Cmd) out.Cmd = spec.Cmd.map(x);
  if (spec.ExposedPorts) out.ExposedPorts = Object.fromEntries(spec.ExposedPorts.map((p) => [p, {}]));
  if (spec.WorkingDir !== undefined) out.WorkingDir = spec.WorkingDir;
  if (spec.StopSignal !== undefined) out.StopSignal = spec.StopSignal;
  if (spec.Labels) out.Labels = spec.Labels;
  return out;
}

export interface BuiltLayer extends LayerBlob {
  name: string;
  packages: string[];
}

export function imageConfig(spec: ImageSpec, layers: BuiltLayer[], versions: Map<string, ResolvedPackage>, platform: Platform, epoch: number): OciImageConfig {
  const created = new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
  return {
    created,
    architecture: platform.architecture,
    os: 'linux',
    config: runtimeConfig(spec.config, versions),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({
      created,
      created_by: `k8s-lab build-images: layer ${l.name}${l.packages.length > 0 ? ` (${l.packages.join(' ')})` : ''}`,
    })),
  };
}

export function imageManifest(config: { digest: string; size: number }, layers: BuiltLayer[]): OciManifest {
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.layerGzip, digest: l.digest, size: l.size })),
  };
}
