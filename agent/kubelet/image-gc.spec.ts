import { describe, expect, it } from 'vitest';
import { imagesToRemove } from './image-gc.js';

const img = (id: string, size: number, lastUsed: number, pinned = false): { id: string; size: number; lastUsed: number; pinned: boolean } => ({ id, size, lastUsed, pinned });

describe('image GC selection', () => {
  it('does nothing below the high threshold', () => {
    expect(imagesToRemove([img('a', 10, 0)], new Set(), 84, 100, 85, 80)).toEqual([]);
  });
  it('frees unused images, least recently used first, down to the low threshold; never in-use or pinned ones', () => {
    const images = [img('new', 3, 300), img('old', 3, 100), img('pause', 3, 0, true), img('running', 50, 0), img('mid', 3, 200)];
    const out = imagesToRemove(images, new Set(['running']), 90, 100, 85, 80);
    expect(out.map((i) => i.id)).toEqual(['old', 'mid', 'new']);
    expect(imagesToRemove(images, new Set(['running']), 86, 100, 85, 80).map((i) => i.id)).toEqual(['old', 'mid']);
  });
});
