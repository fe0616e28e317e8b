// The kubelet side of the streaming server's contract (agent/server/types.ts): which
// container a request means, its log files, and CRI streaming URLs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CriClient } from '../cri/cri-client.js';
import { kubeletErrors } from '../server/errors.js';
import type { KubeletRuntime, ResolvedContainer } from '../server/types.js';
import type { Kubelet } from './kubelet.js';
import { containerLogPath, podLogsDirectory } from './runtime-config.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID } from './runtime-pod.js';

export function streamingRuntime(kubelet: Kubelet, cri: CriClient, podLogsDir: string): KubeletRuntime {
  return {
    async resolveContainer(namespace, name, container): Promise<ResolvedContainer> {
      const pod = kubelet.getPod(namespace, name);
      if (!pod) throw kubeletErrors.podNotFound(`${namespace}/${name}`);
      const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === container);
      if (!spec) throw kubeletErrors.containerNotInPod(container, name);
      const { containers } = await cri.listContainers({ filter: { labelSelector: { [LABEL_POD_UID]: pod.metadata.uid ?? '', [LABEL_CONTAINER_NAME]: container } } });
      const sorted = [...containers].sort((a, b) => b.createdAt - a.createdAt);
      const latest = sorted[0];
      if (!latest) throw kubeletErrors.waitingToStart(container, name, 'ContainerCreating');
      const dir = podLogsDirectory(podLogsDir, pod);
      const attempt = latest.metadata?.attempt ?? 0;
      const previous = sorted[1];
      const previousLogPath = previous ? join(dir, containerLogPath(container, previous.metadata?.attempt ?? 0)) : undefined;
      return {
        containerId: latest.id,
        podSandboxId: latest.podSandboxId,
        logPath: join(dir, containerLogPath(container, attempt)),
        ...(previousLogPath && existsSync(previousLogPath) ? { previousLogPath } : {}),
        tty: spec.tty ?? false,
        running: latest.state === 'CONTAINER_RUNNING',
      };
    },
    async resolvePod(namespace, name) {
      const pod = kubelet.getPod(namespace, name);
      if (!pod) throw kubeletErrors.podNotFound(`${namespace}/${name}`);
      const { items } = await cri.listPodSandbox({ filter: { labelSelector: { [LABEL_POD_UID]: pod.metadata.uid ?? '' }, state: { state: 'SANDBOX_READY' } } });
      const sb = items[0];
      if (!sb) throw kubeletErrors.podNotFound(`${namespace}/${name}`);
      return { podSandboxId: sb.id };
    },
    async isRunning(containerId) {
      const { status } = await cri.containerStatus({ containerId }).catch(() => ({ status: null }));
      return status?.state === 'CONTAINER_RUNNING';
    },
    exec: (containerId, cmd, f) => cri.exec({ containerId, cmd, ...f }),
    attach: (containerId, f) => cri.attach({ containerId, ...f }),
    portForward: (podSandboxId, ports) => cri.portForward({ podSandboxId, port: ports }),
    listPods: () => Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: kubelet.listPods() }),
  };
}
