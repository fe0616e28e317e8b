// Marks a node's agent step done when the node reports Ready through the API, as
// `kubectl get nodes` would show it: the host provider starts the agent and returns,
// so "registered" is only known from the Node object the agent writes.
import type { ApiClient } from '../../common/client/api-client.js';
import { Informer } from '../../common/client/informer.js';
import type { KubeObject } from '../../common/kube-types.js';
import type { LabSteps } from './lab-steps.js';
import { nodeStep } from './lab-steps.js';

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  lastHeartbeatTime?: string;
}

type NodeObject = KubeObject & { status?: { conditions?: NodeCondition[] } };

export function watchNodeReady(admin: ApiClient, steps: LabSteps): () => void {
  const informer = new Informer<NodeObject>(admin, { group: '', version: 'v1', resource: 'nodes' });
  informer.on((e) => {
    if (e.type === 'delete') return;
    const name = e.obj.metadata.name ?? '';
    const step = steps.progress.snapshot().find((s) => s.id === nodeStep(name, 'agent'));
    if (step?.state !== 'running') return;
    const ready = (e.obj.status?.conditions ?? []).find((c) => c.type === 'Ready');
    // a heartbeat from before this start is the last run's: wait for a fresh one
    const fresh = ready?.lastHeartbeatTime !== undefined && Date.parse(ready.lastHeartbeatTime) >= Math.floor(step.startedAt / 1000) * 1000;
    if (fresh && ready.status === 'True') steps.nodeReady(name, `Ready (${ready.reason ?? 'KubeletReady'})`);
  });
  informer.start();
  return () => informer.stop();
}
