// Deciding whether a certificate on disk can be reused: the same checks a client would
// make (signature, issuer, validity) plus "is it still what we would issue today".
import { createPrivateKey, X509Certificate as NodeX509 } from 'node:crypto';
import { isP256PrivateKey } from './keys.js';
import { missingSans } from './sans.js';
import type { CertKeyPem, Sans, Usage } from './types.js';
import { x509 } from './x509.js';

/**
 * Re-issue a certificate when less than this remains, so a lab left running for weeks
 * does not hit an expiry mid-exercise (kubeadm warns at 30 days in `certs check-expiration`).
 */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const EKU_OID: Record<Usage, string> = {
  server: x509.ExtendedKeyUsage.serverAuth,
  client: x509.ExtendedKeyUsage.clientAuth,
};

export interface Expectation {
  commonName: string;
  /** compared as a set */
  organizations?: readonly string[];
  isCa?: boolean;
  usages?: readonly Usage[];
  /** names the certificate must carry (it may carry more) */
  sans?: Sans;
}

export function sansOf(cert: x509.X509Certificate): Sans {
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const names = ext?.names.toJSON() ?? [];
  return {
    dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ips: names.filter((n) => n.type === 'ip').map((n) => n.value),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function checkSignature(pair: CertKeyPem, issuerPem: string | undefined): string | undefined {
  if (!isP256PrivateKey(pair.keyPem)) return 'key is not an ECDSA P-256 private key';
  const cert = new NodeX509(pair.certPem);
  if (!cert.checkPrivateKey(createPrivateKey(pair.keyPem))) return 'key does not match certificate';
  const issuer = issuerPem === undefined ? cert : new NodeX509(issuerPem);
  if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return 'not signed by the expected CA';
  return undefined;
}

function checkContent(cert: x509.X509Certificate, want: Expectation, now: number): string | undefined {
  if (now < cert.notBefore.getTime()) return 'not valid yet';
  if (now > cert.notAfter.getTime() - RENEW_BEFORE_MS) return 'expired or expiring within 30 days';
  // Go keeps the last CN when there are several (pkix.Name.FillFromRDNSequence)
  if (cert.subjectName.getField('CN').at(-1) !== want.commonName) return `common name is not ${want.commonName}`;
  if (!sameSet(cert.subjectName.getField('O'), want.organizations ?? [])) return 'organizations differ';
  const isCa = cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false;
  if (isCa !== (want.isCa ?? false)) return isCa ? 'is a CA' : 'is not a CA';
  const usages = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
  const lacking = (want.usages ?? []).filter((u) => !usages.includes(EKU_OID[u]));
  if (lacking.length > 0) return `lacks extended key usage ${lacking.join(', ')}`;
  const missing = want.sans ? missingSans(sansOf(cert), want.sans) : [];
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  return undefined;
}

/**
 * Why `pair` cannot be reused, or undefined when it can. `issuerPem` undefined means
 * the certificate must be self-signed (a CA).
 */
export function reuseProblem(
  pair: CertKeyPem,
  issuerPem: string | undefined,
  want: Expectation,
  now: number,
): string | undefined {
  try {
    return checkSignature(pair, issuerPem) ?? checkContent(new x509.X509Certificate(pair.certPem), want, now);
  } catch (err) {
    return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
