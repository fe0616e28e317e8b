// The x509 authenticator's mapping (k8s.io/apiserver/pkg/authentication/request/x509,
// CommonNameUserConversion): CN is the user name, every O is a group.
import { PkiError } from './errors.js';

/** Node's tls `getPeerCertificate()` shape: repeated RDNs come back as arrays. */
export interface PeerCertificateLike {
  subject?: { CN?: string | string[]; O?: string | string[] } | null;
}

export interface CertIdentity {
  user: string;
  groups: string[];
}

function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Throws PkiError('NoIdentity') when there is no common name: Kubernetes does not
 * authenticate such a certificate. Groups keep the certificate's order. The
 * authenticator adds system:authenticated itself.
 */
export function identityFromCert(cert: PeerCertificateLike): CertIdentity {
  // Go keeps the last CN when a subject repeats it (pkix.Name.FillFromRDNSequence)
  const user = values(cert.subject?.CN).at(-1);
  if (user === undefined || user === '') {
    throw new PkiError('NoIdentity', 'client certificate has no common name');
  }
  return { user, groups: values(cert.subject?.O) };
}
