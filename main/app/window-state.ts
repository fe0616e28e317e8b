// The main window's size and place, remembered between runs in the data dir.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowBounds } from './security.js';

const DEFAULT: WindowBounds = { width: 1280, height: 820 };

export function loadBounds(dataDir: string): WindowBounds {
  try {
    const b = JSON.parse(readFileSync(join(dataDir, 'window.json'), 'utf8')) as Partial<WindowBounds>;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
    if (!ok(b.width) || !ok(b.height) || b.width < 400 || b.height < 300) return DEFAULT;
    return { width: b.width, height: b.height, ...(ok(b.x) && ok(b.y) ? { x: b.x, y: b.y } : {}) };
  } catch {
    return DEFAULT;
  }
}

export function saveBounds(dataDir: string, bounds: WindowBounds): void {
  try {
    writeFileSync(join(dataDir, 'window.json'), JSON.stringify(bounds) + '\n', { mode: 0o600 });
  } catch {
    // the data dir may be gone (the user removed it): nothing to remember then
  }
}
