// ECDSA P-256 keys: fast to generate, accepted by Go's crypto/tls (kubectl, etcd,
// etcdctl), OpenSSL (curl, Node's tls, grpc-js). Private keys are PKCS#8 PEM, which
// Go's tls.X509KeyPair reads for EC keys (it tries PKCS#1, PKCS#8, then SEC1).
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

const EC_PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** Signatures: ECDSA with SHA-256, like Go's x509 default for P-256 issuers. */
export const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  keyPem: string;
}

export function toPem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export async function generateKeyPair(): Promise<KeyPair> {
  // extractable: the private key is written to disk as PKCS#8
  const { privateKey, publicKey } = await webcrypto.subtle.generateKey(EC_PARAMS, true, ['sign', 'verify']);
  const der = await webcrypto.subtle.exportKey('pkcs8', privateKey);
  return { privateKey, publicKey, keyPem: toPem('PRIVATE KEY', der) };
}

/** Loads a signing key (a CA's) from PEM; throws if it is not a P-256 key. */
export async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  const der = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, EC_PARAMS, false, ['sign']);
}

/** SPKI PEM of a private key's public half (sa.pub). */
export function publicKeyPemOf(keyPem: string): string {
  return createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** True when keyPem parses as a P-256 private key (the only kind this PKI writes). */
export function isP256PrivateKey(keyPem: string): boolean {
  try {
    const key = createPrivateKey(keyPem);
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}
