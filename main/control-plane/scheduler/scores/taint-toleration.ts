// TaintToleration score: fewer intolerable PreferNoSchedule taints is better; the count
// is normalized reversed, so the node with the most such taints scores 0 and nodes
// without any score 100.
import { toleratesAny } from '../node-selector.js';
import type { ScorePlugin } from '../plugin.js';
import { defaultNormalize } from '../plugin.js';
import { PLUGIN } from '../types.js';

export const taintTolerationScore: ScorePlugin = {
  name: PLUGIN.TaintToleration,
  weight: 'TaintToleration',
  preScore(ctx) {
    // getAllTolerationPreferNoSchedule: tolerations with no effect cover PreferNoSchedule too
    const tolerations = ctx.pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return {
      score(n) {
        let count = 0;
        for (const taint of n.softTaints) if (!toleratesAny(tolerations, taint)) count++;
        return count;
      },
      normalize: (scores: number[]) => defaultNormalize(scores, true),
    };
  },
};
