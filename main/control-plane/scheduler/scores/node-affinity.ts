// NodeAffinity score: the sum of the weights of the preferred node affinity terms a node
// matches, normalized so the best node scores 100.
import { compileTerm } from '../node-selector.js';
import type { ScorePlugin } from '../plugin.js';
import { defaultNormalize } from '../plugin.js';
import { PLUGIN } from '../types.js';

export const nodeAffinityScore: ScorePlugin = {
  name: PLUGIN.NodeAffinity,
  weight: 'NodeAffinity',
  preScore(ctx) {
    const preferred = (ctx.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((p) => p.weight !== 0);
    // PreScore returns Skip when there is nothing preferred
    if (preferred.length === 0) return 'skip';
    const terms = preferred.map((p) => ({ weight: p.weight, match: compileTerm(p.preference) }));
    return {
      score(n) {
        let sum = 0;
        for (const t of terms) if (t.match(n)) sum += t.weight;
        return sum;
      },
      normalize: (scores: number[]) => defaultNormalize(scores, false),
    };
  },
};
