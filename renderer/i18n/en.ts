// English UI strings. Column headings and cells are kubectl's own output and are not
// translated, so a learner sees in the app exactly what `kubectl get` prints.
import type { Translation } from './translation.js';
import { VIEW_STRINGS } from './views.js';

export const en = {
  app: { title: 'k8s-lab' },
  header: {
    apiServer: 'API server',
    provider: 'Node provider',
    providerNone: 'none (no nodes)',
    nodes: 'Nodes: {{count}}',
    language: 'Language',
    connection: { connecting: 'Connecting…', open: 'Connected', closed: 'Disconnected' },
  },
  languages: { en: 'English', ko: '한국어' },
  nav: {
    label: 'Views',
    architecture: 'Architecture',
    resources: 'Resources',
    editor: 'Editor',
    nodes: 'Nodes',
    runtimes: 'containerd vs Docker',
    setup: 'Setup',
  },
  coming: {
    title: 'Coming soon',
    body: 'This view arrives in a later step of the desktop app. The Resources view works now.',
  },
  kinds: {
    pods: 'Pods',
    nodes: 'Nodes',
    deployments: 'Deployments',
    replicasets: 'ReplicaSets',
    services: 'Services',
    events: 'Events',
    namespaces: 'Namespaces',
  },
  resources: {
    kind: 'Kind',
    namespace: 'Namespace',
    allNamespaces: 'All namespaces',
    clusterScoped: 'Cluster-scoped',
    loading: 'Loading…',
    live: 'Live',
    empty: 'No resources found in the {{namespace}} namespace.',
    emptyAll: 'No resources found.',
    rows: 'Objects: {{count}}',
  },
  detail: {
    hint: 'Select a row to see the object and its events.',
    object: 'Object',
    events: 'Events',
    noEvents: 'No events.',
    close: 'Close',
    delete: 'Delete',
    deleted: 'Deleted {{what}}.',
    gone: 'This object no longer exists.',
  },
  confirm: {
    title: 'Delete {{what}}?',
    body: 'The API server deletes it as `kubectl delete` does; its controller may create a replacement.',
    cancel: 'Cancel',
    confirm: 'Delete',
  },
  architecture: VIEW_STRINGS.architecture.en,
  editor: VIEW_STRINGS.editor.en,
  nodes: VIEW_STRINGS.nodes.en,
  runtimes: VIEW_STRINGS.runtimes.en,
  setup: VIEW_STRINGS.setup.en,
  progress: VIEW_STRINGS.progress.en,
  error: { title: 'Error' },
};

/** the shape every language must have (checked by the type of ko.ts and by i18n.spec.ts) */
export type Messages = Translation<typeof en>;
