// Issuing certificates the way kubeadm's pkiutil does (NewSelfSignedCACert, NewSignedCert):
// same key usages, extended key usages, key identifiers and validity periods.
import { randomBytes } from 'node:crypto';
import { generateKeyPair, importSigningKey, SIGNING_ALGORITHM } from './keys.js';
import type { CertKeyPem, Sans, Usage } from './types.js';
import { x509 } from './x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** kubeadm CACertificateValidityPeriod: ten years. */
export const CA_DAYS = 3650;
/** kubeadm CertificateValidityPeriod: one year. */
export const LEAF_DAYS = 365;
/**
 * kubeadm CertificateBackdate: notBefore lies five minutes in the past so a node whose
 * clock lags a little (a VM just resumed) still accepts a certificate issued right now.
 */
const BACKDATE_MS = 5 * 60 * 1000;

const EKU: Record<Usage, string> = {
  server: x509.ExtendedKeyUsage.serverAuth,
  client: x509.ExtendedKeyUsage.clientAuth,
};

/**
 * 16 random bytes (Go's kubeadm uses a random 63-bit+ serial). The first byte is kept in
 * 0x01..0x7f so the DER INTEGER is positive and minimally encoded: Go rejects both.
 */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function subjectOf(commonName: string, organizations: readonly string[]): x509.JsonName {
  // Go's pkix.Name order: O before CN; one RDN per organization so each shows up as its
  // own O attribute (Node's getPeerCertificate then reports them as an array).
  return [...organizations.map((o) => ({ O: [o] })), { CN: [commonName] }];
}

export interface CaSpec {
  commonName: string;
  days?: number;
}

export async function createCa(spec: CaSpec, now: number): Promise<CertKeyPem> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: subjectOf(spec.commonName, []),
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + (spec.days ?? CA_DAYS) * DAY_MS),
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: keys.keyPem };
}

export interface LeafSpec {
  commonName: string;
  organizations: readonly string[];
  usages: readonly Usage[];
  sans: Sans;
  days?: number;
}

async function authorityKeyId(ca: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = ca.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? new x509.AuthorityKeyIdentifierExtension(ski.keyId) : x509.AuthorityKeyIdentifierExtension.create(ca.publicKey);
}

/** A fresh key and a certificate for it signed by `issuer`; never outlives the issuer. */
export async function signLeaf(issuer: CertKeyPem, spec: LeafSpec, now: number): Promise<CertKeyPem> {
  const ca = new x509.X509Certificate(issuer.certPem);
  const signingKey = await importSigningKey(issuer.keyPem);
  const keys = await generateKeyPair();
  const notAfter = Math.min(now + (spec.days ?? LEAF_DAYS) * DAY_MS, ca.notAfter.getTime());
  const names: x509.JsonGeneralName[] = [
    ...spec.sans.dns.map((value) => ({ type: 'dns' as const, value })),
    ...spec.sans.ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(spec.usages.map((u) => EKU[u])),
    await authorityKeyId(ca),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    // the issuer's own encoded Name, so issuer and subject bytes match exactly (Go's
    // CertPool matches RawIssuer to RawSubject before trying key identifiers)
    issuer: ca.subjectName,
    subject: subjectOf(spec.commonName, spec.organizations),
    notBefore: new Date(Math.max(now - BACKDATE_MS, ca.notBefore.getTime())),
    notAfter: new Date(notAfter),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: keys.keyPem };
}
