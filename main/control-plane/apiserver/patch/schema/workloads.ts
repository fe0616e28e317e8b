// apps/v1, batch/v1, coordination.k8s.io/v1, events.k8s.io/v1 and autoscaling/v1 merge
// tags (Kubernetes 1.32). Pod templates reuse core/v1's PodTemplateSpec.
import { atomicList, struct } from './types.js';
import type { StructTable } from './types.js';

const meta = struct('ObjectMeta', 'object');
// `json:"selector"` without omitempty: a null LabelSelector in the zero value.
const selector = struct('LabelSelector', 'null');

export const WORKLOADS: StructTable = {
  Deployment: { fields: { metadata: meta, spec: struct('DeploymentSpec', 'object'), status: struct('ConditionsStatus', 'object') } },
  DeploymentSpec: {
    fields: {
      selector,
      template: struct('PodTemplateSpec', 'object'),
      // patchStrategy:"retainKeys": $retainKeys clears rollingUpdate when type becomes Recreate.
      strategy: { type: 'DeploymentStrategy', patchStrategy: 'retainKeys', zero: 'object' },
    },
  },
  DeploymentStrategy: { fields: {} },

  ReplicaSet: { fields: { metadata: meta, spec: struct('ReplicaSetSpec', 'object'), status: struct('ConditionsStatus', 'object') } },
  ReplicaSetSpec: { fields: { selector, template: struct('PodTemplateSpec', 'object') } },

  DaemonSet: { fields: { metadata: meta, spec: struct('DaemonSetSpec', 'object'), status: struct('ConditionsStatus', 'object') } },
  DaemonSetSpec: { fields: { selector, template: struct('PodTemplateSpec', 'object'), updateStrategy: struct('DaemonSetUpdateStrategy', 'object') } },
  DaemonSetUpdateStrategy: { fields: {} },

  StatefulSet: { fields: { metadata: meta, spec: struct('StatefulSetSpec', 'object'), status: struct('ConditionsStatus', 'object') } },
  StatefulSetSpec: {
    fields: {
      selector,
      template: struct('PodTemplateSpec', 'object'),
      volumeClaimTemplates: atomicList,
      updateStrategy: struct('StatefulSetUpdateStrategy', 'object'),
    },
  },
  StatefulSetUpdateStrategy: { fields: {} },

  Job: { fields: { metadata: meta, spec: struct('JobSpec', 'object'), status: struct('JobStatus', 'object') } },
  JobSpec: { fields: { selector: struct('LabelSelector'), template: struct('PodTemplateSpec', 'object') } },
  // patchStrategy:"merge" patchMergeKey:"type" but +listType=atomic.
  JobStatus: { fields: { conditions: { list: 'atomic', patchStrategy: 'merge', patchMergeKey: 'type' } } },
  CronJob: { fields: { metadata: meta, spec: struct('CronJobSpec', 'object'), status: struct('CronJobStatus', 'object') } },
  CronJobSpec: { fields: { jobTemplate: struct('JobTemplateSpec', 'object') } },
  JobTemplateSpec: { fields: { metadata: meta, spec: struct('JobSpec', 'object') } },
  CronJobStatus: { fields: { active: atomicList } },

  Lease: { fields: { metadata: meta, spec: struct('LeaseSpec', 'object') } },
  LeaseSpec: { fields: {} },

  EventsV1Event: { fields: { metadata: meta, regarding: struct('ObjectReference', 'object'), deprecatedSource: struct('EventSource', 'object') } },

  Scale: { fields: { metadata: meta, spec: struct('ScaleSpec', 'object'), status: struct('ScaleStatus', 'object') } },
  ScaleSpec: { fields: {} },
  ScaleStatus: { fields: {} },
};

