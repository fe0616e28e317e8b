// Objects with status and metadata that only servers and controllers write. `kubectl set
// image|selector|subject --local -f FILE -o json` reads them into kubectl's Go types and
// prints them back, which gives Go's JSON for them without a cluster.
const META = {
  namespace: 'default',
  uid: '6f1c1f9e-0d0a-4a53-9d1e-1b0c2f3e4d5a',
  resourceVersion: '42',
  generation: 3,
  creationTimestamp: '2026-01-01T00:00:00Z',
  labels: { app: 'web' },
  annotations: { 'deployment.kubernetes.io/revision': '2' },
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
  finalizers: ['example.com/keep'],
  managedFields: [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-01-01T00:00:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      subresource: 'status',
    },
  ],
};
const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
const CONDITION = { type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:10Z', reason: 'MinimumReplicasAvailable', message: 'ok' };

export interface TypedCase {
  name: string;
  /** the kubectl set subcommand and its arguments, run with --local -f FILE -o json */
  set: string[];
  object: Record<string, unknown>;
}

export const TYPED_CASES: TypedCase[] = [
  {
    name: 'Pod with status',
    set: ['image', 'c=nginx:2'],
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', ...META, deletionTimestamp: '2026-01-01T00:01:00Z', deletionGracePeriodSeconds: 30 },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }], ephemeralContainers: [{ name: 'dbg', image: 'busybox', targetContainerName: 'c', stdin: true }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:20Z' }],
        hostIP: '192.168.1.10',
        hostIPs: [{ ip: '192.168.1.10' }],
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }],
        startTime: '2026-01-01T00:00:01Z',
        qosClass: 'BestEffort',
        containerStatuses: [
          {
            name: 'c',
            ready: true,
            started: true,
            restartCount: 1,
            image: 'nginx',
            imageID: 'docker.io/library/nginx@sha256:abc',
            containerID: 'containerd://123',
            state: { running: { startedAt: '2026-01-01T00:00:15Z' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-01T00:00:02Z', finishedAt: '2026-01-01T00:00:14Z' } },
            volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets', readOnly: true, recursiveReadOnly: 'Disabled' }],
            allocatedResources: { cpu: '100m' },
          },
        ],
        initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, image: 'busybox', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    },
  },
  {
    name: 'Deployment with rollingUpdate and status',
    set: ['image', 'c=nginx:2'],
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', ...META },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
        template: TEMPLATE,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        paused: true,
      },
      status: {
        observedGeneration: 3,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        collisionCount: 0,
        conditions: [{ ...CONDITION, lastUpdateTime: '2026-01-01T00:00:10Z' }],
      },
    },
  },
  {
    name: 'ReplicaSet with status',
    set: ['image', 'c=nginx:2'],
    object: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', ...META },
      spec: { replicas: 2, minReadySeconds: 5, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE },
      status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3, conditions: [CONDITION] },
    },
  },
  {
    name: 'DaemonSet with status',
    set: ['image', 'c=nginx:2'],
    object: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', ...META },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: TEMPLATE,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status: { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 3, numberAvailable: 2 },
    },
  },
  {
    name: 'ReplicationController with status',
    set: ['image', 'c=nginx:2'],
    object: {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'rc', ...META },
      spec: { replicas: 1, selector: { app: 'web' }, template: TEMPLATE },
      status: { replicas: 1, readyReplicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'False' }] },
    },
  },
  {
    name: 'Job with failure and success policies and status',
    set: ['image', 'c=busybox:2'],
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', ...META },
      spec: {
        parallelism: 2,
        completions: 4,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
        ttlSecondsAfterFinished: 100,
        suspend: false,
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
        successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] },
        template: { metadata: {}, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
      },
      status: {
        startTime: '2026-01-01T00:00:00Z',
        active: 1,
        succeeded: 2,
        ready: 1,
        terminating: 0,
        completedIndexes: '0-1',
        uncountedTerminatedPods: { succeeded: ['a'] },
        conditions: [{ type: 'SuccessCriteriaMet', status: 'False', lastTransitionTime: '2026-01-01T00:00:03Z' }],
      },
    },
  },
  {
    name: 'CronJob with status',
    set: ['image', 'c=busybox:2'],
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', ...META },
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 30,
        successfulJobsHistoryLimit: 3,
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      },
      status: { active: [{ kind: 'Job', namespace: 'default', name: 'tick-1', uid: 'j-uid', apiVersion: 'batch/v1', resourceVersion: '9' }], lastScheduleTime: '2026-01-01T00:05:00Z' },
    },
  },
  {
    name: 'LoadBalancer Service with status',
    set: ['selector', 'app=web'],
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', ...META },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.5',
        clusterIPs: ['10.0.0.5'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 31000, appProtocol: 'http' }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
        allocateLoadBalancerNodePorts: true,
        internalTrafficPolicy: 'Cluster',
      },
      status: {
        loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP', ports: [{ port: 80, protocol: 'TCP' }] }] },
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'R', message: '' }],
      },
    },
  },
  {
    name: 'RoleBinding',
    set: ['subject', '--user=bob'],
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', ...META },
      subjects: [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'default' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r1' },
    },
  },
];
