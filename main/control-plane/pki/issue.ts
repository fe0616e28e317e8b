// Certificates for identities outside the fixed layout: users (CN = user, O = groups),
// node agents (system:node:<name> / system:nodes), scheduler, controller-manager,
// etcd clients, and kubelet serving certificates. Returned in memory; callers embed
// them in kubeconfigs or ship them to a node.
import { signLeaf } from './certs.js';
import { PkiError } from './errors.js';
import { mergeSans } from './sans.js';
import type { CertKeyFiles, CertKeyPem, Pki, Signer } from './types.js';

export interface ClientCertRequest {
  commonName: string;
  organizations: string[];
  signer: Signer;
  /** default 365, like kubeadm; never beyond the CA's own expiry */
  days?: number;
}

export interface ServerCertRequest {
  commonName: string;
  dns: string[];
  ips: string[];
  signer: Signer;
  days?: number;
}

function signerOf(pki: Pki, signer: Signer): CertKeyFiles {
  // checked at run time too: requests may come from the bridge as unvalidated data
  if (signer === 'kubernetes') return pki.ca;
  if (signer === 'etcd') return pki.etcd.ca;
  throw new PkiError('InvalidArgument', `unknown signer ${JSON.stringify(signer)}; expected kubernetes or etcd`);
}

function checkCommon(commonName: string, days: number | undefined): void {
  if (commonName.trim() === '') throw new PkiError('InvalidArgument', 'commonName must not be empty');
  if (days !== undefined && (!Number.isInteger(days) || days <= 0)) {
    throw new PkiError('InvalidArgument', `days must be a positive integer, got ${days}`);
  }
}

export async function issueClientCert(pki: Pki, req: ClientCertRequest): Promise<CertKeyPem> {
  checkCommon(req.commonName, req.days);
  const issuer = signerOf(pki, req.signer);
  if (req.organizations.some((o) => o.trim() === '')) {
    throw new PkiError('InvalidArgument', 'organizations (groups) must not be empty strings');
  }
  return signLeaf(
    issuer,
    {
      commonName: req.commonName,
      organizations: req.organizations,
      usages: ['client'],
      sans: { dns: [], ips: [] },
      days: req.days,
    },
    pki.clock.now(),
  );
}

export async function issueServerCert(pki: Pki, req: ServerCertRequest): Promise<CertKeyPem> {
  checkCommon(req.commonName, req.days);
  const issuer = signerOf(pki, req.signer);
  const sans = mergeSans({ dns: req.dns, ips: req.ips });
  if (sans.dns.length + sans.ips.length === 0) {
    // Go ignores the CN for host name checks since 1.15: a server cert needs SANs
    throw new PkiError('InvalidArgument', 'a server certificate needs at least one DNS name or IP');
  }
  return signLeaf(
    issuer,
    {
      commonName: req.commonName,
      organizations: [],
      usages: ['server'],
      sans,
      days: req.days,
    },
    pki.clock.now(),
  );
}
