// Errors of the streaming server. Its HTTP answers are plain text with a status code,
// as the kubelet's (go-restful WriteError / streaming.WriteError); the API server turns
// them into Status objects (GenericHttpResponseChecker) or passes them to kubectl.

export class KubeletServerError extends Error {
  override readonly name = 'KubeletServerError';
  constructor(
    /** HTTP status code of the answer */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The kubelet's own messages, for runtimes to throw (pkg/kubelet/server/server.go, kubelet_pods.go). */
export const kubeletErrors = {
  /** containerLogs on a pod the kubelet does not know */
  podNotFound: (pod: string): KubeletServerError => new KubeletServerError(404, `pod ${JSON.stringify(pod)} does not exist`),
  /** exec/attach/portForward on a pod the kubelet does not know */
  podDoesNotExist: (): KubeletServerError => new KubeletServerError(404, 'pod does not exist'),
  containerNotInPod: (container: string, pod: string): KubeletServerError =>
    new KubeletServerError(404, `container ${JSON.stringify(container)} not found in pod ${JSON.stringify(pod)}`),
  /** exec/attach into a container that does not run (kubelet findContainer) */
  containerNotFound: (container: string): KubeletServerError => new KubeletServerError(500, `container not found (${JSON.stringify(container)})`),
  waitingToStart: (container: string, pod: string, reason: string): KubeletServerError =>
    new KubeletServerError(400, `container ${JSON.stringify(container)} in pod ${JSON.stringify(pod)} is waiting to start: ${reason}`),
  previousNotFound: (container: string, pod: string): KubeletServerError =>
    new KubeletServerError(400, `previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(pod)} not found`),
  badRequest: (message: string): KubeletServerError => new KubeletServerError(400, message),
};
