// A node's credentials, as kubeadm join would leave them on a real node: the cluster CA,
// the kubelet's client certificate (system:node:<name> in system:nodes) and the kubelet
// server's serving certificate for the node's addresses. Both node providers use it.
import { issueClientCert, issueServerCert } from '../control-plane/pki/index.js';
import type { Pki } from '../control-plane/pki/index.js';

export interface NodeCredentials {
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  servingCertPem: string;
  servingKeyPem: string;
}

export async function issueNodeCredentials(pki: Pki, name: string, ips: string[]): Promise<NodeCredentials> {
  const client = await issueClientCert(pki, { commonName: `system:node:${name}`, organizations: ['system:nodes'], signer: 'kubernetes' });
  const serving = await issueServerCert(pki, { commonName: name, dns: [name], ips, signer: 'kubernetes' });
  return { caPem: pki.ca.certPem, clientCertPem: client.certPem, clientKeyPem: client.keyPem, servingCertPem: serving.certPem, servingKeyPem: serving.keyPem };
}

/** The agent.json fields naming the credential files, for a pki directory on the node. */
export function credentialFiles(pkiDir: string): { caFile: string; certFile: string; keyFile: string; servingCertFile: string; servingKeyFile: string } {
  return {
    caFile: `${pkiDir}/ca.crt`,
    certFile: `${pkiDir}/kubelet-client.crt`,
    keyFile: `${pkiDir}/kubelet-client.key`,
    servingCertFile: `${pkiDir}/kubelet.crt`,
    servingKeyFile: `${pkiDir}/kubelet.key`,
  };
}

/** The credential files' contents, keyed like credentialFiles(). */
export function credentialContents(c: NodeCredentials): Record<'caFile' | 'certFile' | 'keyFile' | 'servingCertFile' | 'servingKeyFile', { content: string; mode: number }> {
  return {
    caFile: { content: c.caPem, mode: 0o644 },
    certFile: { content: c.clientCertPem, mode: 0o644 },
    keyFile: { content: c.clientKeyPem, mode: 0o600 },
    servingCertFile: { content: c.servingCertPem, mode: 0o644 },
    servingKeyFile: { content: c.servingKeyPem, mode: 0o600 },
  };
}
