// "Run the same image both ways": `docker run -d --name demo-docker IMAGE` on the node,
// and a pod `demo-k8s` of the same image bound to that node through the API (what
// `kubectl run demo-k8s --image IMAGE` makes, with spec.nodeName set), each step
// reported as it goes. Runs again cleanly: the old container and pod go first.
import { DEMO_DOCKER_NAME, DEMO_POD_NAME } from '../../common/bridge/runtimes.js';
import type { DemoProgress, DemoStep } from '../../common/bridge/runtimes.js';
import { ApiClientError } from '../../common/client/api-client.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { KubeObject } from '../../common/kube-types.js';
import { BridgeError } from '../errors.js';
import type { NodeAccess } from './node-access.js';

const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };

interface PodLike extends KubeObject {
  status?: { phase?: string; containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[] };
}

export interface DemoDeps {
  admin: ApiClient;
  access: NodeAccess;
  node: string;
  image: string;
  progress: (p: DemoProgress) => void;
  /** default 180 s: the first pull of an image on a busy machine */
  timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function is404(e: unknown): boolean {
  return e instanceof ApiClientError && e.status.code === 404;
}

export async function runDemo(d: DemoDeps): Promise<{ docker: string; pod: string }> {
  const say = (step: DemoStep, state: DemoProgress['state'], detail: string): void => d.progress({ node: d.node, step, state, detail });
  const timeoutMs = d.timeoutMs ?? 180_000;

  const dockerCmd = `docker run -d --name ${DEMO_DOCKER_NAME} ${d.image}`;
  say('docker-run', 'running', dockerCmd);
  await d.access.run('docker', ['rm', '-f', DEMO_DOCKER_NAME]);
  const started = await d.access.run('docker', ['run', '-d', '--name', DEMO_DOCKER_NAME, d.image], timeoutMs);
  const dockerId = started.ok ? started.stdout.trim() : '';
  say('docker-run', started.ok ? 'done' : 'failed', started.ok ? `${dockerCmd}\n${dockerId}` : `${dockerCmd}\n${started.stderr.trim()}`);

  const podCmd = `kubectl run ${DEMO_POD_NAME} --image ${d.image} --overrides '{"spec":{"nodeName":"${d.node}"}}'`;
  say('pod-create', 'running', podCmd);
  try {
    await d.admin.delete(PODS, DEMO_POD_NAME, { gracePeriodSeconds: 0 });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(300)) await d.admin.get(PODS, DEMO_POD_NAME);
  } catch (e) {
    if (!is404(e)) throw e;
  }
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: DEMO_POD_NAME, namespace: 'default', labels: { run: DEMO_POD_NAME } },
    spec: { nodeName: d.node, containers: [{ name: DEMO_POD_NAME, image: d.image }] },
  };
  await d.admin.create(PODS, pod);
  say('pod-create', 'done', `${podCmd}\npod/${DEMO_POD_NAME} created`);

  say('pod-running', 'running', `kubectl get pod ${DEMO_POD_NAME} -w`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await d.admin.get<PodLike>(PODS, DEMO_POD_NAME);
    const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
    if (p.status?.phase === 'Running') break;
    if (waiting?.reason && /ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerError/.test(waiting.reason)) {
      say('pod-running', 'failed', `${waiting.reason}: ${waiting.message ?? ''}`);
      throw new BridgeError(502, 'BadGateway', `pod ${DEMO_POD_NAME}: ${waiting.reason}: ${waiting.message ?? ''}`);
    }
    if (Date.now() > deadline) {
      say('pod-running', 'failed', `not Running after ${timeoutMs / 1000} s (${p.status?.phase ?? 'no status'})`);
      throw new BridgeError(504, 'Timeout', `pod ${DEMO_POD_NAME} is not Running after ${timeoutMs / 1000} s`);
    }
    await sleep(500);
  }
  say('pod-running', 'done', `pod/${DEMO_POD_NAME} Running`);
  say('done', started.ok ? 'done' : 'failed', started.ok ? '' : 'Docker did not run the container: see the first step');
  return { docker: dockerId, pod: `default/${DEMO_POD_NAME}` };
}
