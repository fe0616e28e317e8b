// kubelet's image manager (pkg/kubelet/images/image_manager.go EnsureImageExists):
// imagePullPolicy decides whether to pull; a failed pull is ErrImagePull, and while the
// per-pod-and-image backoff (10 s doubling to 5 min) runs, ImagePullBackOff. Events and
// messages are the kubelet's.
import type { CriClient } from '../cri/cri-client.js';
import { CriError } from '../cri/cri-client.js';
import { Backoff } from './backoff.js';
import type { Container } from './pod-types.js';

export type PullOutcome =
  | { ok: true; imageRef: string }
  | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName'; message: string; retryInMs: number };

export type PodEvent = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** the apiserver's default: Always for :latest or no tag, else IfNotPresent */
export function pullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = c.image ?? '';
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** how the kubelet shows a CRI error: Go's grpc status text */
export function runtimeErrorText(e: unknown): string {
  if (e instanceof CriError) {
    const code = e.codeName.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase());
    return `rpc error: code = ${code} desc = ${e.details}`;
  }
  return e instanceof Error ? e.message : String(e);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

export class ImagePuller {
  private readonly backoff = new Backoff();
  private readonly lastFailure = new Map<string, number>();

  constructor(private readonly cri: CriClient) {}

  async ensure(podUid: string, c: Container, event: PodEvent): Promise<PullOutcome> {
    const image = c.image ?? '';
    if (!image.trim()) return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`, retryInMs: 10_000 };
    const policy = pullPolicy(c);
    const present = await this.cri.imageStatus({ image: { image } }).then((r) => r.image, () => null);
    if (present && policy !== 'Always') {
      event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return { ok: true, imageRef: present.id };
    }
    if (!present && policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      event('Warning', 'ErrImageNeverPull', message);
      return { ok: false, reason: 'ErrImageNeverPull', message, retryInMs: 10_000 };
    }
    const key = `${podUid}_${image}`;
    const failedAt = this.lastFailure.get(key);
    if (failedAt !== undefined && this.backoff.isInBackOffSince(key, failedAt)) {
      const message = `Back-off pulling image "${image}"`;
      event('Normal', 'BackOff', message);
      return { ok: false, reason: 'ImagePullBackOff', message, retryInMs: this.backoff.remaining(key, failedAt) };
    }
    event('Normal', 'Pulling', `Pulling image "${image}"`);
    const started = Date.now();
    try {
      const { imageRef } = await this.cri.pullImage({ image: { image } });
      const took = Date.now() - started;
      const size = await this.cri.imageStatus({ image: { image: imageRef } }).then((r) => r.image?.size ?? 0, () => 0);
      event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${seconds(took)} (${seconds(took)} including waiting). Image size: ${size} bytes.`);
      this.backoff.reset(key);
      this.lastFailure.delete(key);
      return { ok: true, imageRef };
    } catch (e) {
      const err = runtimeErrorText(e);
      const now = Date.now();
      this.backoff.next(key, now);
      this.lastFailure.set(key, now);
      event('Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
      event('Warning', 'Failed', 'Error: ErrImagePull');
      return { ok: false, reason: 'ErrImagePull', message: err, retryInMs: this.backoff.remaining(key, now) };
    }
  }

  forgetPod(podUid: string): void {
    for (const key of this.lastFailure.keys()) {
      if (key.startsWith(`${podUid}_`)) {
        this.lastFailure.delete(key);
        this.backoff.reset(key);
      }
    }
  }
}
