import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentAssetError, agentAssetPath } from './assets.js';

describe('agentAssetPath', () => {
  it('finds the CRI proto beside the source', () => {
    const path = agentAssetPath('cri/api.proto');
    expect(path.endsWith('/agent/cri/api.proto')).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it('names every place it looked when an asset is missing', () => {
    expect(() => agentAssetPath('cri/nope.proto')).toThrow(AgentAssetError);
    expect(() => agentAssetPath('cri/nope.proto')).toThrow(/agent\/cri\/nope\.proto/);
  });
});
