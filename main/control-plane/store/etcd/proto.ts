// Loads the etcd v3 protos once and hands out typed method definitions, so the
// facade (server) and the real-etcd backend (client) share one set of codecs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import { assetPath } from '../../../assets.js';

const RPC_PROTO = 'main/control-plane/store/etcd/proto/rpc.proto';

export type EtcdServiceName = 'KV' | 'Watch' | 'Lease' | 'Cluster' | 'Maintenance';

let loaded: PackageDefinition | undefined;

function protoDir(): string {
  try {
    return dirname(assetPath(RPC_PROTO));
  } catch (error) {
    // A bundle run from outside the tree (the bench runner writes it to /tmp) has no
    // project root above it; it is started from the project root, so look there.
    const fromCwd = join(process.cwd(), RPC_PROTO);
    if (existsSync(fromCwd)) return dirname(fromCwd);
    throw error;
  }
}

function definition(): PackageDefinition {
  loaded ??= loadSync('rpc.proto', {
    includeDirs: [protoDir()],
    keepCase: true,
    // Lease ids are random 63-bit numbers on a real etcd: strings keep every bit.
    // Revisions fit in a double for any store's lifetime; codec.ts converts them.
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return loaded;
}

/** The service definition as registered on a grpc-js server. */
export function etcdService(name: EtcdServiceName): ServiceDefinition {
  const service = definition()[`etcdserverpb.${name}`];
  if (!service || 'format' in service) throw new Error(`etcd proto: no service etcdserverpb.${name}`);
  return service;
}

/**
 * One method with its request/response codecs. The type parameters are where the
 * loosely typed proto-loader output is narrowed to the shapes in wire.ts — once, here.
 */
export function etcdMethod<Req, Res>(service: EtcdServiceName, method: string): MethodDefinition<Req, Res> {
  const found = etcdService(service)[method];
  if (!found) throw new Error(`etcd proto: no method etcdserverpb.${service}/${method}`);
  return found as MethodDefinition<Req, Res>;
}
