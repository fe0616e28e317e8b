// Files the agent ships beside its code (the CRI proto). The agent runs from three
// places, and the proto sits at a fixed spot relative to each:
//   source (vitest, tsx)       agent/assets.ts        → agent/cri/api.proto
//   agent bundle               dist/agent/agent.mjs   → dist/agent/cri/api.proto (copied by the build)
//   main bundle (host nodes)   dist/main.mjs          → dist/agent/cri/api.proto, or ../agent/cri/api.proto
// so candidates are tried relative to this module (which esbuild inlines into the
// bundle, making import.meta.url the bundle's own URL). Node-18 safe: no import.meta.dirname.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export class AgentAssetError extends Error {
  override readonly name = 'AgentAssetError';
}

/**
 * Absolute path of an agent asset given relative to the agent folder, e.g.
 * agentAssetPath('cri/api.proto'). Throws AgentAssetError naming every place it looked.
 */
export function agentAssetPath(relative: string): string {
  const candidates = [`./${relative}`, `./agent/${relative}`, `../agent/${relative}`].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new AgentAssetError(`agent asset ${relative} not found; looked in: ${candidates.join(', ')}`);
}
