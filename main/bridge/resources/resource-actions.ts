// The Resources view's verbs beyond delete, made as kubectl 1.32 makes them, through the
// API as kubernetes-admin (STYLE.md rule 2): scale (PATCH …/scale), rollout restart
// (strategic merge patch of the pod template's restartedAt), rollout undo (the chosen
// ReplicaSet's template JSON-patched back), edit (GET as YAML, PUT with its resourceVersion,
// so a stale edit gets the API server's 409 Conflict, as `kubectl edit` shows it).
import type { ActionResult, ResourceRef, RestartableKind, ScalableKind } from '../../common/bridge/contract.js';
import type { ApiClient } from '../../common/client/api-client.js';
import { ApiClientError } from '../../common/client/api-client.js';
import { BridgeError } from '../errors.js';
import { kubectlName, pathFor } from '../resource-rows.js';
import { readEdited, toEditYaml, withoutManagedFields } from './object-yaml.js';
import { RolloutError, jsonEqual, restartPatch, undoPlan } from './rollout.js';

/** kubectl's client-side refusals reach the renderer as 400 BadRequest with its words */
function refusal(e: unknown): never {
  if (e instanceof RolloutError) throw new BridgeError(400, 'BadRequest', e.message);
  throw e;
}

export class ResourceActions {
  constructor(
    private readonly client: ApiClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async scale(ref: ResourceRef & { kind: ScalableKind }, replicas: number): Promise<ActionResult> {
    await this.client.patch(pathFor(ref.kind, ref.namespace), ref.name, { spec: { replicas } }, 'merge', 'scale');
    return { message: `${kubectlName(ref.kind, ref.name)} scaled` };
  }

  async restart(ref: ResourceRef & { kind: RestartableKind }): Promise<ActionResult> {
    const path = pathFor(ref.kind, ref.namespace);
    const obj = await this.client.get(path, ref.name);
    let patch: Record<string, unknown>;
    try {
      patch = restartPatch(ref.kind, obj, this.now());
    } catch (e) {
      refusal(e);
    }
    await this.client.patch(path, ref.name, patch, 'strategic');
    return { message: `${kubectlName(ref.kind, ref.name)} restarted` };
  }

  async undo(ref: ResourceRef & { kind: 'deployments' }, toRevision: number): Promise<ActionResult> {
    const path = pathFor('deployments', ref.namespace);
    const deployment = await this.client.get(path, ref.name);
    const replicaSets = await this.client.list(pathFor('replicasets', ref.namespace));
    let plan: ReturnType<typeof undoPlan>;
    try {
      plan = undoPlan(deployment, replicaSets.items, toRevision);
    } catch (e) {
      refusal(e);
    }
    if ('skipped' in plan) return { message: `${kubectlName('deployments', ref.name)} ${plan.skipped}` };
    try {
      await this.client.patch(path, ref.name, plan.patch, 'json');
    } catch (e) {
      // kubectl wraps the API server's answer: "failed restoring revision N: …"
      if (e instanceof ApiClientError) throw new BridgeError(e.status.code ?? 500, e.status.reason ?? 'InternalError', `failed restoring revision ${toRevision}: ${e.status.message ?? ''}`);
      throw e;
    }
    return { message: `${kubectlName('deployments', ref.name)} rolled back` };
  }

  async yaml(ref: ResourceRef): Promise<{ yaml: string; resourceVersion: string }> {
    const obj = await this.client.get(pathFor(ref.kind, ref.namespace), ref.name);
    return { yaml: toEditYaml(obj), resourceVersion: obj.metadata.resourceVersion ?? '' };
  }

  async replace(ref: ResourceRef, text: string): Promise<ActionResult> {
    const path = pathFor(ref.kind, ref.namespace);
    const current = await this.client.get(path, ref.name);
    const edited = readEdited(text, { ...(current.apiVersion !== undefined ? { apiVersion: current.apiVersion } : {}), ...(current.kind !== undefined ? { kind: current.kind } : {}), name: ref.name });
    if ('cancelled' in edited) return { message: edited.cancelled };
    if ('error' in edited) throw new BridgeError(400, 'BadRequest', edited.error);
    if (jsonEqual(edited.object, withoutManagedFields(current))) return { message: 'Edit cancelled, no changes made.' };
    // the text's own resourceVersion goes with the PUT: if someone changed the object since, 409
    await this.client.update(path, edited.object);
    return { message: `${kubectlName(ref.kind, ref.name)} edited` };
  }
}
