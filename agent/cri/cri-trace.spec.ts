// The agent's CRI trace: calls are named by pod from their requests, from ids seen
// before, or from the pod sync that made them; only lifecycle calls are kept.
import { describe, expect, it } from 'vitest';
import { CriTracer, withPodContext } from './cri-trace.js';

const meta = { name: 'nginx', namespace: 'default', uid: 'u1' };

describe('CriTracer', () => {
  it('names every lifecycle call by its pod', async () => {
    const t = new CriTracer({ now: () => 1000 });
    const seen: string[] = [];
    t.subscribe((e) => seen.push(`${e.method} ${e.namespace ?? ''}/${e.pod ?? ''}`));
    t.start('RunPodSandbox', { config: { metadata: meta } })?.({ podSandboxId: 'sb1' });
    await withPodContext({ namespace: 'default', name: 'nginx', uid: 'u1' }, async () => {
      await Promise.resolve();
      t.start('ImageStatus', { image: { image: 'nginx' } })?.({});
      t.start('PullImage', { image: { image: 'nginx' } })?.({ imageRef: 'sha256:x' });
    });
    t.start('CreateContainer', { podSandboxId: 'sb1', config: { metadata: { name: 'nginx' }, image: { image: 'nginx' } } })?.({ containerId: 'c1' });
    t.start('StartContainer', { containerId: 'c1' })?.({});
    t.start('StopPodSandbox', { podSandboxId: 'sb1' })?.(undefined, new Error('CRI StopPodSandbox: boom (UNKNOWN)'));
    expect(t.start('ListContainers', {})).toBeDefined(); // learns ids, records nothing
    expect(t.start('ContainerStatus', { containerId: 'c1' })).toBeUndefined();
    expect(t.start('ImageStatus', { image: { image: 'nginx' } })).toBeUndefined(); // not for a pod
    expect(seen).toEqual(['RunPodSandbox default/nginx', 'ImageStatus default/nginx', 'PullImage default/nginx', 'CreateContainer default/nginx', 'StartContainer default/nginx', 'StopPodSandbox default/nginx']);
    const all = t.recent();
    expect(all[3]).toMatchObject({ container: 'nginx', image: 'nginx', id: 'c1', ok: true, podUid: 'u1' });
    expect(all[5]).toMatchObject({ ok: false, error: 'CRI StopPodSandbox: boom (UNKNOWN)' });
    expect(all.every((e) => e.ms >= 0)).toBe(true);
    expect(t.recent(all[4]?.seq).map((e) => e.method)).toEqual(['StopPodSandbox']);
  });

  it('keeps a bounded ring', () => {
    const t = new CriTracer({ max: 5 });
    for (let i = 0; i < 20; i++) t.start('StartContainer', { containerId: `c${i}` })?.({});
    expect(t.recent()).toHaveLength(5);
  });
});
