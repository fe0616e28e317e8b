// The kubelet-style streaming server: logs, exec, attach, port-forward.
export { defaultAuthorize, startKubeletServer } from './kubelet-server.js';
export { KubeletServerError, kubeletErrors } from './errors.js';
export type { KubeletRuntime, KubeletServer, KubeletServerOptions, KubeletUser, ResolvedContainer, StreamFlags } from './types.js';
