// Starting points for the objects the users' notes write by hand (/work/shared/seeds):
// the same names, images and layout a learner types, so the editor reads like the notes.
// Manifests are data (shown under data-raw), not UI text: they are not translated.

export const TEMPLATE_IDS = ['pod', 'multiContainer', 'redis', 'namespace', 'replicationController', 'replicaSet', 'deployment', 'service', 'liveness'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const TEMPLATES: Readonly<Record<TemplateId, string>> = {
  pod: `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: nginx
`,
  // the quiz's webapp: two containers, one of them with an image that cannot be pulled
  multiContainer: `apiVersion: v1
kind: Pod
metadata:
  name: webapp
spec:
  containers:
  - name: nginx
    image: nginx
  - name: agentx
    image: agentx
`,
  // what \`kubectl run redis --image=redis --dry-run=client -o yaml\` prints
  redis: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: redis
  name: redis
spec:
  containers:
  - image: redis
    name: redis
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`,
  namespace: `apiVersion: v1
kind: Namespace
metadata:
  name: quality-assurance
`,
  replicationController: `apiVersion: v1
kind: ReplicationController
metadata:
  name: mynapp-rc
spec:
  replicas: 3
  selector:
    app: mynapp-rc
  template:
    metadata:
      labels:
        app: mynapp-rc
    spec:
      containers:
      - name: mynapp
        image: nginx
        ports:
        - containerPort: 80
`,
  replicaSet: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: replicaset-2
spec:
  replicas: 2
  selector:
    matchLabels:
      tier: nginx
  template:
    metadata:
      labels:
        tier: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
`,
  deployment: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo-deploy
spec:
  replicas: 4
  selector:
    matchLabels:
      app: echo
      tier: app
  template:
    metadata:
      labels:
        app: echo
        tier: app
    spec:
      containers:
        - name: echo
          image: ghcr.io/subicura/echo:v1
`,
  service: `apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  type: ClusterIP
  selector:
    app: echo
    tier: app
  ports:
  - port: 3000
    targetPort: 3000
    protocol: TCP
`,
  liveness: `apiVersion: v1
kind: Pod
metadata:
  name: mynapp-pod-liveness
spec:
  containers:
  - image: nginx
    name: mynapp
    ports:
    - containerPort: 80
      protocol: TCP
    livenessProbe:
      httpGet:
        path: /
        port: 80
`,
};
