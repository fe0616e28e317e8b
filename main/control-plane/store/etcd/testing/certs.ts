// Throwaway certificates for the specs and the benchmark, made with the openssl CLI:
// a CA, a server certificate for 127.0.0.1/localhost, a client certificate, and a
// client certificate from an unrelated CA (which must be refused).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool, run } from './tools.js';

export interface CertFiles {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  caFile: string;
  server: CertFiles;
  client: CertFiles;
  /** a client certificate signed by another CA */
  strangerClient: CertFiles;
  /** contents, for grpc-js */
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  clientTls: { ca: Buffer; cert: Buffer; key: Buffer };
}

async function openssl(args: string[]): Promise<void> {
  const result = await run(requireTool('openssl'), args);
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

async function makeCa(dir: string, name: string): Promise<CertFiles> {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', files.key, '-out', files.cert]);
  return files;
}

async function issue(dir: string, ca: CertFiles, name: string, cn: string, extensions: string): Promise<CertFiles> {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, extensions);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`, '-keyout', files.key, '-out', csr]);
  await openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', files.cert]);
  return files;
}

/** Writes a test PKI into `dir` (which the caller owns and removes). */
export async function makeTestPki(dir: string): Promise<TestPki> {
  const ca = await makeCa(dir, 'ca');
  const server = await issue(dir, ca, 'server', 'etcd-server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  const client = await issue(dir, ca, 'client', 'etcd-client', 'extendedKeyUsage=clientAuth\n');
  const stranger = await makeCa(dir, 'stranger-ca');
  const strangerClient = await issue(dir, stranger, 'stranger-client', 'intruder', 'extendedKeyUsage=clientAuth\n');
  const [caPem, serverCert, serverKey, clientCert, clientKey] = await Promise.all(
    [ca.cert, server.cert, server.key, client.cert, client.key].map((f) => readFile(f)),
  );
  return {
    dir,
    caFile: ca.cert,
    server,
    client,
    strangerClient,
    tls: { ca: caPem!, cert: serverCert!, key: serverKey! },
    clientTls: { ca: caPem!, cert: clientCert!, key: clientKey! },
  };
}
