// A raw HTTPS client with the admin kubeconfig's certificates, for requests kubectl
// would never send (bad bodies, wrong content types, stale resourceVersions).
import { request } from 'node:https';
import { readKubeconfig } from '../../../main/control-plane/pki/index.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RawClient {
  server: string;
  send(method: string, path: string, body?: string | Buffer, headers?: Record<string, string>, cert?: { cert: string; key: string } | null): Promise<RawResponse>;
}

export async function rawClient(kubeconfigPath: string): Promise<RawClient> {
  const kc = await readKubeconfig(kubeconfigPath);
  return {
    server: kc.server,
    send(method, path, body, headers = {}, cert) {
      const creds = cert === null ? {} : { cert: cert?.cert ?? kc.certPem, key: cert?.key ?? kc.keyPem };
      return new Promise((resolve, reject) => {
        // Node's client sends a DELETE body unframed unless Content-Length is set
        const length = body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
        const req = request(`${kc.server}${path}`, { method, ca: kc.caPem, ...creds, headers: { 'Content-Type': 'application/json', ...length, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
          });
        });
        req.on('error', reject);
        if (body !== undefined) req.write(body);
        req.end();
      });
    },
  };
}
