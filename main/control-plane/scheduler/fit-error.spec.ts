import { describe, expect, it } from 'vitest';
import type { Diagnosis } from './fit-error.js';
import { failedSchedulingMessage, fitErrorMessage, preemptionMessage, truncateEventMessage } from './fit-error.js';
import { parsePod } from './pod-info.js';
import type { Rejection } from './plugin.js';

const pod = (spec: Record<string, unknown> = {}) => parsePod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec });
const cpu: Rejection = { code: 'Unschedulable', reasons: ['Insufficient cpu'] };
const taint: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] };

describe('FailedScheduling messages', () => {
  it('reads like kube-scheduler 1.32, preemption part included', () => {
    const d: Diagnosis = {
      numAllNodes: 3,
      rejected: [
        { node: 'n1', plugin: 'NodeResourcesFit', rejection: cpu },
        { node: 'n2', plugin: 'TaintToleration', rejection: taint },
        { node: 'n3', plugin: 'TaintToleration', rejection: taint },
      ],
    };
    expect(failedSchedulingMessage(pod(), d)).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts "count reason" as strings, as Go sort.Strings does (10 before 2)', () => {
    const rejected = [
      ...Array.from({ length: 10 }, (_, i) => ({ node: `a${i}`, plugin: 'NodeResourcesFit', rejection: cpu })),
      ...Array.from({ length: 2 }, (_, i) => ({ node: `b${i}`, plugin: 'TaintToleration', rejection: taint })),
    ];
    expect(fitErrorMessage({ numAllNodes: 12, rejected })).toBe('0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.');
  });

  it('counts every reason of a node, and absent nodes with the absent status', () => {
    const both: Rejection = { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] };
    const absent: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] };
    const d: Diagnosis = { numAllNodes: 4, rejected: [{ node: 'n1', plugin: 'NodeResourcesFit', rejection: both }], absent };
    expect(failedSchedulingMessage(pod(), d)).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
    );
  });

  it('a PreFilter rejection replaces the histogram', () => {
    const conflict: Rejection = { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] };
    expect(failedSchedulingMessage(pod(), { numAllNodes: 2, preFilterMsg: 'pod affinity terms conflict', rejected: [], absent: conflict })).toBe(
      '0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('a pod that may not preempt says so', () => {
    const d: Diagnosis = { numAllNodes: 1, rejected: [{ node: 'n1', plugin: 'NodeResourcesFit', rejection: cpu }] };
    expect(preemptionMessage(pod({ preemptionPolicy: 'Never' }), d)).toBe('preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('truncates event notes to 1024 bytes', () => {
    const long = 'x'.repeat(2000);
    const t = truncateEventMessage(long);
    expect(t).toHaveLength(1024);
    expect(t.endsWith(' ...')).toBe(true);
    expect(truncateEventMessage('short')).toBe('short');
  });
});
