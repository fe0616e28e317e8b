// kubeadm's /etc/kubernetes/pki, as data: which file, signed by which CA, for whom.
// https://kubernetes.io/docs/setup/best-practices/certificates/
import { CONTROL_PLANE_NAME } from './sans.js';
import type { Sans, Usage } from './types.js';

export type CaField = 'ca' | 'frontProxyCa' | 'etcdCa';

export interface CaEntry {
  /** path without extension, relative to the PKI dir: `<base>.crt`, `<base>.key` */
  base: string;
  commonName: string;
}

export const CAS: Record<CaField, CaEntry> = {
  ca: { base: 'ca', commonName: 'kubernetes' },
  frontProxyCa: { base: 'front-proxy-ca', commonName: 'front-proxy-ca' },
  etcdCa: { base: 'etcd/ca', commonName: 'etcd-ca' },
};

export type LeafField =
  | 'apiServer'
  | 'apiServerKubeletClient'
  | 'apiServerEtcdClient'
  | 'frontProxyClient'
  | 'etcdServer'
  | 'etcdPeer'
  | 'etcdHealthcheckClient';

export interface LeafEntry {
  base: string;
  signer: CaField;
  commonName: string;
  organizations: string[];
  usages: Usage[];
  sans: Sans;
}

const NO_SANS: Sans = { dns: [], ips: [] };

export function leafLayout(apiServerSans: Sans, etcdSans: Sans): Record<LeafField, LeafEntry> {
  return {
    apiServer: {
      base: 'apiserver',
      signer: 'ca',
      commonName: 'kube-apiserver',
      organizations: [],
      usages: ['server'],
      sans: apiServerSans,
    },
    // kubeadm ≥1.29 puts this in kubeadm:cluster-admins; system:masters needs no RBAC
    // binding, so it works before (and whatever) the lab's RBAC objects exist.
    apiServerKubeletClient: {
      base: 'apiserver-kubelet-client',
      signer: 'ca',
      commonName: 'kube-apiserver-kubelet-client',
      organizations: ['system:masters'],
      usages: ['client'],
      sans: NO_SANS,
    },
    apiServerEtcdClient: {
      base: 'apiserver-etcd-client',
      signer: 'etcdCa',
      commonName: 'kube-apiserver-etcd-client',
      organizations: [],
      usages: ['client'],
      sans: NO_SANS,
    },
    frontProxyClient: {
      base: 'front-proxy-client',
      signer: 'frontProxyCa',
      commonName: 'front-proxy-client',
      organizations: [],
      usages: ['client'],
      sans: NO_SANS,
    },
    // etcd's server and peer certs are also used as clients (by etcd itself and by
    // etcdctl in kubeadm's docs), hence both usages, as kubeadm issues them.
    etcdServer: {
      base: 'etcd/server',
      signer: 'etcdCa',
      commonName: CONTROL_PLANE_NAME,
      organizations: [],
      usages: ['server', 'client'],
      sans: etcdSans,
    },
    etcdPeer: {
      base: 'etcd/peer',
      signer: 'etcdCa',
      commonName: CONTROL_PLANE_NAME,
      organizations: [],
      usages: ['server', 'client'],
      sans: etcdSans,
    },
    etcdHealthcheckClient: {
      base: 'etcd/healthcheck-client',
      signer: 'etcdCa',
      commonName: 'kube-etcd-healthcheck-client',
      organizations: [],
      usages: ['client'],
      sans: NO_SANS,
    },
  };
}
