// What the generic registry does to metadata before validating an update
// (apiserver rest.BeforeUpdate and genericregistry.Store.Update): the system
// fields come from the stored object, so a client that omits them is not told
// they are immutable. The registry still bumps generation on spec changes.
import type { KubeObject } from '../../../common/kube-types.js';

export function prepareObjectMetaForUpdate(obj: KubeObject, old: KubeObject): void {
  const meta = obj.metadata;
  const prev = old.metadata;
  if (prev.generation !== undefined) meta.generation = prev.generation;
  else delete meta.generation;
  if (!meta.uid && prev.uid) meta.uid = prev.uid;
  if (prev.creationTimestamp) meta.creationTimestamp = prev.creationTimestamp;
  // an update can never remove or change a deletion timestamp or grace period
  if (prev.deletionTimestamp) meta.deletionTimestamp = prev.deletionTimestamp;
  if (prev.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
    meta.deletionGracePeriodSeconds = prev.deletionGracePeriodSeconds;
  }
  // unconditional update (AllowUnconditionalUpdate): no resourceVersion means "the current one"
  if (!meta.resourceVersion && prev.resourceVersion) meta.resourceVersion = prev.resourceVersion;
}
