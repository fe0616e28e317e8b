// The cluster PKI (kubeadm's /etc/kubernetes/pki layout), client/server certificate
// issuing, kubeconfig files and the x509 identity mapping the API server uses.
export { ensurePki, systemClock } from './ensure-pki.js';
export type { EnsurePkiOptions } from './ensure-pki.js';
export { issueClientCert, issueServerCert } from './issue.js';
export type { ClientCertRequest, ServerCertRequest } from './issue.js';
export { readKubeconfig, writeKubeconfig } from './kubeconfig.js';
export type { Kubeconfig } from './kubeconfig.js';
export { identityFromCert } from './identity.js';
export type { CertIdentity, PeerCertificateLike } from './identity.js';
export { PkiError } from './errors.js';
export type { PkiErrorCode } from './errors.js';
export { DEFAULT_APISERVER_SANS, DEFAULT_ETCD_SANS } from './sans.js';
export type { CertKeyFiles, CertKeyPem, Clock, Pki, Sans, Signer } from './types.js';
