// Shapes shared by the PKI files; the layout itself is data in layout.ts.

/** Injected time (STYLE.md rule 4): milliseconds since the epoch, like Date.now(). */
export interface Clock {
  now(): number;
}

/** A certificate and its private key, both PEM, and where they live on disk. */
export interface CertKeyFiles {
  certPem: string;
  /** PKCS#8 (`-----BEGIN PRIVATE KEY-----`), ECDSA P-256 */
  keyPem: string;
  certPath: string;
  keyPath: string;
}

/** In-memory issue result (not written anywhere). */
export interface CertKeyPem {
  certPem: string;
  keyPem: string;
}

export type Signer = 'kubernetes' | 'etcd';

export type Usage = 'server' | 'client';

export interface Sans {
  dns: string[];
  ips: string[];
}

/** The cluster PKI, laid out like kubeadm's /etc/kubernetes/pki. */
export interface Pki {
  dir: string;
  ca: CertKeyFiles;
  apiServer: CertKeyFiles;
  apiServerKubeletClient: CertKeyFiles;
  apiServerEtcdClient: CertKeyFiles;
  frontProxyCa: CertKeyFiles;
  frontProxyClient: CertKeyFiles;
  /** service-account token signing keys (sa.key PKCS#8, sa.pub SPKI), ECDSA P-256 → ES256 tokens */
  serviceAccount: { keyPem: string; publicKeyPem: string; keyPath: string; publicKeyPath: string };
  etcd: {
    ca: CertKeyFiles;
    server: CertKeyFiles;
    peer: CertKeyFiles;
    healthcheckClient: CertKeyFiles;
  };
  /** files (relative to dir) this call created or re-issued; empty when everything was reused */
  changed: string[];
  clock: Clock;
}
