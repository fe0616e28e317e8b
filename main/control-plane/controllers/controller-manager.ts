// kube-controller-manager for k8s-lab: starts each controller with its own client
// identity (system:kube-controller-manager), talking to the API like any client.
import type { ApiClient } from '../client/api-client.js';
import { NamespaceController } from './namespace-controller.js';

export interface ControllerManager {
  stop(): void;
}

export function startControllerManager(client: ApiClient): ControllerManager {
  const controllers = [new NamespaceController(client)];
  for (const c of controllers) c.start();
  return { stop: () => controllers.forEach((c) => c.stop()) };
}
