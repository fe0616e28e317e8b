// The default profile's score plugins (ImageLocality aside: node image lists are not
// tracked yet); each plugin's 0..100 score is multiplied by its weight from the config.
import type { ScorePlugin } from '../plugin.js';
import { balancedAllocation } from './balanced-allocation.js';
import { interPodAffinityScore } from './inter-pod-affinity.js';
import { leastAllocated } from './least-allocated.js';
import { nodeAffinityScore } from './node-affinity.js';
import { podTopologySpreadScore } from './pod-topology-spread.js';
import { taintTolerationScore } from './taint-toleration.js';

export const DEFAULT_SCORES: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  leastAllocated,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocation,
];
