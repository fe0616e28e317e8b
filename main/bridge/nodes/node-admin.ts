// cordon, uncordon and drain, as kubectl does them through the API: cordon sets
// spec.unschedulable; drain cordons, then evicts every pod on the node through the
// Eviction API (POST pods/NAME/eviction, policy/v1, which honours PodDisruptionBudgets),
// skipping DaemonSet and mirror pods (see ./drain-plan.ts).
import type { DrainReport } from '../../common/bridge/nodes.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { BridgeError } from '../errors.js';
import { blockingMessage, planDrain, podKey } from './drain-plan.js';
import type { NodeObject, PodObject } from './node-summary.js';

const NODES = { group: '', version: 'v1', resource: 'nodes' } as const;

export async function setUnschedulable(admin: ApiClient, name: string, unschedulable: boolean): Promise<string> {
  const node = await admin.get<NodeObject>(NODES, name);
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  // kubectl's words when there is nothing to do
  if ((node.spec?.unschedulable === true) === unschedulable) return `node/${name} already ${verb}`;
  await admin.patch(NODES, name, { spec: { unschedulable: unschedulable ? true : null } }, 'merge');
  return `node/${name} ${verb}`;
}

export async function drainNode(admin: ApiClient, name: string, opts: { force: boolean }): Promise<{ message: string; drain: DrainReport }> {
  await setUnschedulable(admin, name, true);
  const pods = await admin.list<PodObject>({ group: '', version: 'v1', resource: 'pods' }, { fieldSelector: `spec.nodeName=${name}` });
  const plan = planDrain(name, pods.items, opts);
  // kubectl leaves the node cordoned and stops when unmanaged pods would be lost
  if (plan.blocking.length > 0) throw new BridgeError(400, 'BadRequest', blockingMessage(name, plan));
  const report: DrainReport = { evicted: [], skipped: plan.skipped, failed: [], via: 'eviction' };
  for (const p of plan.evict) {
    const ns = p.metadata.namespace ?? 'default';
    const podName = p.metadata.name ?? '';
    const path = { group: '', version: 'v1', resource: 'pods', namespace: ns };
    try {
      if (report.via === 'eviction') await admin.create(path, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podName, namespace: ns } }, 'eviction', podName);
      else await admin.delete(path, podName);
      report.evicted.push(podKey(p));
    } catch (e) {
      const status = e instanceof ApiClientError ? e.status : undefined;
      // gone already: what drain wanted
      if (status?.code === 404 && status.details?.name === podName) report.evicted.push(podKey(p));
      else if (status?.code === 404 || status?.code === 405) {
        // an API server without pods/eviction: delete instead (kubectl's fallback)
        report.via = 'delete';
        await admin.delete(path, podName).then(
          () => report.evicted.push(podKey(p)),
          (d: unknown) => report.failed.push({ pod: podKey(p), message: d instanceof Error ? d.message : String(d) }),
        );
      } else report.failed.push({ pod: podKey(p), message: status?.message ?? (e instanceof Error ? e.message : String(e)) });
    }
  }
  const message = report.failed.length > 0 ? `node/${name} cordoned; ${report.failed.length} pod(s) could not be evicted` : `node/${name} drained`;
  return { message, drain: report };
}
