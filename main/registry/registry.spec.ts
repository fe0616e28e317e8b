import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError } from './errors.js';
import { MEDIA_TYPES } from './oci-layout.js';
import { startRegistry } from './registry.js';
import type { RegistryHandle } from './registry.js';
import type { FixtureEntry, FixtureImage } from './spec-support.js';
import { HOST_ARCH, makeTempDir, sha256, writeFixtureLayout } from './spec-support.js';

// What the two clients that matter send (see handlers.ts `negotiate`).
const CONTAINERD_ACCEPT = [MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, '*/*'].join(', ');
const SKOPEO_ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest, 'application/vnd.docker.distribution.manifest.v1+prettyjws', MEDIA_TYPES.dockerList, MEDIA_TYPES.ociIndex].join(', ');

const IMAGES: FixtureImage[] = [
  { ref: 'docker.io/library/busybox:latest', files: { 'bin/hello': 'busybox\n' } },
  { ref: 'docker.io/library/busybox:1.36', files: { 'bin/hello': 'busybox\n' } },
  { ref: 'docker.io/library/nginx:latest', files: { 'etc/nginx/nginx.conf': 'events {}\n' }, multiPlatform: true },
  { ref: 'registry.k8s.io/pause:3.6', files: { pause: 'pause\n' }, docker: true },
  { ref: 'registry.k8s.io/busybox:k8s', files: { 'bin/hello': 'not docker hub\n' } },
  { ref: 'ghcr.io/subicura/echo:v1', files: { echo: 'echo\n' } },
  { ref: 'docker.io/c1t1d0s7/myweb:latest', files: { 'index.html': '<h1>myweb</h1>\n' } },
];

let dir: string;
let remove: () => Promise<void>;
let fixture: Map<string, FixtureEntry>;
let registry: RegistryHandle;
const logLines: string[] = [];

beforeAll(async () => {
  ({ path: dir, remove } = await makeTempDir('registry-spec'));
  fixture = await writeFixtureLayout(dir, IMAGES);
  registry = await startRegistry({ layoutDir: dir, log: (l) => logLines.push(l) });
});

afterAll(async () => {
  await registry.close();
  await remove();
});

const entry = (ref: string): FixtureEntry => {
  const e = fixture.get(ref);
  if (!e) throw new Error(`no fixture ${ref}`);
  return e;
};
const get = (path: string, init: RequestInit = {}) => fetch(`${registry.url}${path}`, init);
const errorOf = async (res: Response) => ((await res.json()) as { errors: { code: string; message: string; detail?: unknown }[] }).errors;
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('GET/HEAD /v2/', () => {
  it('answers 200 {} with the API version header', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await get('/v2/', { method });
      expect(res.status).toBe(200);
      expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
      expect(await res.text()).toBe(method === 'GET' ? '{}' : '');
    }
    expect(registry.url).toBe(`http://127.0.0.1:${registry.port}`);
  });
});

describe('manifests', () => {
  it('serves the stored bytes by tag with type, digest, length and ETag', async () => {
    const busybox = entry('docker.io/library/busybox:latest');
    const res = await get('/v2/library/busybox/manifests/latest?ns=docker.io', { headers: { accept: CONTAINERD_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.ociManifest);
    expect(res.headers.get('docker-content-digest')).toBe(busybox.digest);
    expect(res.headers.get('etag')).toBe(`"${busybox.digest}"`);
    expect(res.headers.get('content-length')).toBe(String(busybox.bytes.length));
    const body = await bytes(res);
    expect(body.equals(busybox.bytes)).toBe(true);
    expect(sha256(body)).toBe(busybox.digest);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const busybox = entry('docker.io/library/busybox:latest');
    const res = await get('/v2/library/busybox/manifests/latest?ns=docker.io', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-content-digest')).toBe(busybox.digest);
    expect(res.headers.get('content-length')).toBe(String(busybox.bytes.length));
    expect((await bytes(res)).length).toBe(0);
  });

  it('serves by digest, and a Docker schema2 manifest with its own media type', async () => {
    const pause = entry('registry.k8s.io/pause:3.6');
    const res = await get(`/v2/pause/manifests/${pause.digest}?ns=registry.k8s.io`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.dockerManifest);
    expect((await bytes(res)).equals(pause.bytes)).toBe(true);
  });

  it('answers 304 to If-None-Match with the current digest', async () => {
    const busybox = entry('docker.io/library/busybox:latest');
    const res = await get('/v2/library/busybox/manifests/latest', { headers: { 'if-none-match': `"${busybox.digest}"` } });
    expect(res.status).toBe(304);
    expect(res.headers.get('docker-content-digest')).toBe(busybox.digest);
  });

  it('serves an index to containerd and skopeo, and its platform manifest to a client that takes no index', async () => {
    const nginx = entry('docker.io/library/nginx:latest');
    for (const accept of [CONTAINERD_ACCEPT, SKOPEO_ACCEPT]) {
      const res = await get('/v2/library/nginx/manifests/latest?ns=docker.io', { headers: { accept } });
      expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.ociIndex);
      expect(res.headers.get('docker-content-digest')).toBe(nginx.digest);
    }
    const old = { accept: `${MEDIA_TYPES.dockerManifest}, ${MEDIA_TYPES.ociManifest}` };
    const res = await get('/v2/library/nginx/manifests/latest?ns=docker.io', { headers: old });
    expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.ociManifest);
    expect(res.headers.get('docker-content-digest')).toBe(nginx.manifest.digest);
    const config = JSON.parse((await bytes(res)).toString()) as { config: { digest: string } };
    expect(config.config.digest).toBe(nginx.manifest.configDigest);
    // Asked by digest, the client gets exactly that digest.
    const byDigest = await get(`/v2/library/nginx/manifests/${nginx.digest}?ns=docker.io`, { headers: old });
    expect(byDigest.headers.get('docker-content-digest')).toBe(nginx.digest);
    // Both children of the index are served by digest.
    for (const child of [nginx.manifest, nginx.other]) {
      const c = await get(`/v2/library/nginx/manifests/${child?.digest ?? ''}?ns=docker.io`);
      expect(c.status).toBe(200);
      expect((await bytes(c)).equals(child?.bytes ?? Buffer.alloc(0))).toBe(true);
    }
    expect(HOST_ARCH).not.toBe('s390x');
  });
});

describe('names', () => {
  const digestOf = async (path: string) => {
    const res = await get(path, { method: 'HEAD' });
    expect(res.status, path).toBe(200);
    return res.headers.get('docker-content-digest');
  };

  it('looks up <ns>/<name> when containerd sends ns, and only there', async () => {
    const hub = entry('docker.io/library/busybox:latest').digest;
    const k8s = entry('registry.k8s.io/busybox:k8s').digest;
    expect(await digestOf('/v2/library/busybox/manifests/latest?ns=docker.io')).toBe(hub);
    expect(await digestOf('/v2/library/busybox/manifests/latest?ns=index.docker.io')).toBe(hub);
    expect(await digestOf('/v2/busybox/manifests/latest?ns=docker.io')).toBe(hub);
    expect(await digestOf('/v2/busybox/manifests/k8s?ns=registry.k8s.io')).toBe(k8s);
    expect(await digestOf('/v2/subicura/echo/manifests/v1?ns=ghcr.io')).toBe(entry('ghcr.io/subicura/echo:v1').digest);
    const other = await get('/v2/library/busybox/manifests/latest?ns=quay.io');
    expect(other.status).toBe(404);
    expect((await errorOf(other))[0]?.code).toBe('NAME_UNKNOWN');
    const wrongRegistry = await get('/v2/busybox/manifests/latest?ns=registry.k8s.io');
    expect((await errorOf(wrongRegistry))[0]?.code).toBe('MANIFEST_UNKNOWN');
  });

  it('finds a repository by path alone, Docker Hub first, or by its full name', async () => {
    const hub = entry('docker.io/library/busybox:latest').digest;
    expect(await digestOf('/v2/library/busybox/manifests/latest')).toBe(hub);
    expect(await digestOf('/v2/busybox/manifests/latest')).toBe(hub);
    expect(await digestOf('/v2/docker.io/library/busybox/manifests/latest')).toBe(hub);
    expect(await digestOf('/v2/registry.k8s.io/busybox/manifests/k8s')).toBe(entry('registry.k8s.io/busybox:k8s').digest);
    expect(await digestOf('/v2/pause/manifests/3.6')).toBe(entry('registry.k8s.io/pause:3.6').digest);
    expect(await digestOf('/v2/subicura/echo/manifests/v1')).toBe(entry('ghcr.io/subicura/echo:v1').digest);
    expect(await digestOf('/v2/c1t1d0s7/myweb/manifests/latest')).toBe(entry('docker.io/c1t1d0s7/myweb:latest').digest);
  });
});

describe('errors', () => {
  const cases: [string, number, string][] = [
    ['/v2/library/busybox777/manifests/latest?ns=docker.io', 404, 'NAME_UNKNOWN'],
    ['/v2/redis123/manifests/latest', 404, 'NAME_UNKNOWN'],
    ['/v2/library/busybox/manifests/nope?ns=docker.io', 404, 'MANIFEST_UNKNOWN'],
    [`/v2/library/busybox/manifests/sha256:${'0'.repeat(64)}`, 404, 'MANIFEST_UNKNOWN'],
    ['/v2/library/busybox/manifests/sha256:abc', 400, 'DIGEST_INVALID'],
    ['/v2/library/busybox/blobs/sha256:xyz', 400, 'DIGEST_INVALID'],
    [`/v2/library/busybox/blobs/sha256:${'0'.repeat(64)}`, 404, 'BLOB_UNKNOWN'],
    ['/v2/Library/BusyBox/manifests/latest', 400, 'NAME_INVALID'],
    ['/v2/library/busybox../manifests/latest', 400, 'NAME_INVALID'],
    ['/v2/nope/tags/list', 404, 'NAME_UNKNOWN'],
    ['/v2/library/busybox/tags/list?n=-1', 400, 'PAGINATION_NUMBER_INVALID'],
  ];
  it.each(cases)('%s → %i %s', async (path, status, code) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    const errors = await errorOf(res);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.message).toMatch(/\w/);
  });

  it('gives the status but no body to HEAD', async () => {
    const res = await get('/v2/library/busybox777/manifests/latest', { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });

  it('refuses every write method with 405 UNSUPPORTED', async () => {
    const busybox = entry('docker.io/library/busybox:latest');
    const writes: [string, string][] = [
      ['PUT', '/v2/library/busybox/manifests/latest'],
      ['DELETE', `/v2/library/busybox/manifests/${busybox.digest}`],
      ['POST', '/v2/library/busybox/blobs/uploads/'],
      ['PATCH', '/v2/library/busybox/blobs/uploads/some-uuid'],
      ['PUT', `/v2/library/busybox/blobs/uploads/some-uuid?digest=${busybox.manifest.layerDigest}`],
      ['DELETE', `/v2/library/busybox/blobs/${busybox.manifest.layerDigest}`],
      ['POST', '/v2/newrepo/blobs/uploads/?mount=x&from=y'],
    ];
    for (const [method, path] of writes) {
      const res = await get(path, { method, body: method === 'DELETE' ? undefined : 'x' });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect((await errorOf(res))[0]?.code).toBe('UNSUPPORTED');
    }
    // Nothing changed.
    expect((await get('/v2/library/busybox/manifests/latest', { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 404 outside the API', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/v2/library/busybox')).status).toBe(404);
  });
});

describe('blobs', () => {
  it('streams a layer with its digest, and HEAD gives the size', async () => {
    const { layer, layerDigest } = entry('docker.io/library/busybox:latest').manifest;
    const res = await get(`/v2/library/busybox/blobs/${layerDigest}?ns=docker.io`);
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-content-digest')).toBe(layerDigest);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = await bytes(res);
    expect(body.equals(layer)).toBe(true);
    expect(sha256(body)).toBe(layerDigest);
    const head = await get(`/v2/library/busybox/blobs/${layerDigest}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(layer.length));
    expect((await bytes(head)).length).toBe(0);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const { layer, layerDigest } = entry('docker.io/library/busybox:latest').manifest;
    const path = `/v2/library/busybox/blobs/${layerDigest}`;
    const size = layer.length;
    const ranges: [string, number, number][] = [
      ['bytes=0-9', 0, 9],
      ['bytes=10-', 10, size - 1],
      ['bytes=-5', size - 5, size - 1],
      [`bytes=5-${size + 100}`, 5, size - 1],
    ];
    for (const [range, start, end] of ranges) {
      const res = await get(path, { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect((await bytes(res)).equals(layer.subarray(start, end + 1))).toBe(true);
    }
    const head = await get(path, { method: 'HEAD', headers: { range: 'bytes=0-9' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    const beyond = await get(path, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
    const several = await get(path, { headers: { range: 'bytes=0-1,4-5' } });
    expect(several.status).toBe(200);
    expect((await bytes(several)).length).toBe(size);
  });

  it('scopes blobs to the repositories whose manifests reference them', async () => {
    const echo = entry('ghcr.io/subicura/echo:v1').manifest;
    expect((await get(`/v2/subicura/echo/blobs/${echo.configDigest}`)).status).toBe(200);
    const res = await get(`/v2/library/busybox/blobs/${echo.layerDigest}`);
    expect(res.status).toBe(404);
    expect((await errorOf(res))[0]?.code).toBe('BLOB_UNKNOWN');
    // A manifest is not a blob of its repository here (fetch it from /manifests/).
    const busybox = entry('docker.io/library/busybox:latest');
    expect((await get(`/v2/library/busybox/blobs/${busybox.digest}`)).status).toBe(404);
  });
});

describe('listings', () => {
  it('lists tags sorted, with n/last pagination and a Link to the next page', async () => {
    const all = await get('/v2/library/busybox/tags/list?ns=docker.io');
    expect(await all.json()).toEqual({ name: 'library/busybox', tags: ['1.36', 'latest'] });
    const first = await get('/v2/library/busybox/tags/list?n=1');
    expect(await first.json()).toEqual({ name: 'library/busybox', tags: ['1.36'] });
    expect(first.headers.get('link')).toBe('</v2/library/busybox/tags/list?n=1&last=1.36>; rel="next"');
    const second = await get('/v2/library/busybox/tags/list?n=1&last=1.36');
    expect(await second.json()).toEqual({ name: 'library/busybox', tags: ['latest'] });
    expect(second.headers.get('link')).toBeNull();
    const none = await get('/v2/library/busybox/tags/list?n=0');
    expect(await none.json()).toEqual({ name: 'library/busybox', tags: [] });
  });

  it('lists the catalog by full name, paginated', async () => {
    const names = [...new Set(IMAGES.map((i) => i.ref.slice(0, i.ref.lastIndexOf(':'))))].sort();
    const res = await get('/v2/_catalog');
    expect(await res.json()).toEqual({ repositories: names });
    const page = await get('/v2/_catalog?n=2');
    expect(await page.json()).toEqual({ repositories: names.slice(0, 2) });
    expect(page.headers.get('link')).toBe(`</v2/_catalog?n=2&last=${encodeURIComponent(names[1] ?? '')}>; rel="next"`);
    const rest = await get(`/v2/_catalog?last=${encodeURIComponent(names[1] ?? '')}`);
    expect(await rest.json()).toEqual({ repositories: names.slice(2) });
  });
});

describe('log', () => {
  it('writes one line per request: method, path, status, bytes', async () => {
    const busybox = entry('docker.io/library/busybox:latest');
    logLines.length = 0;
    await (await get('/v2/library/busybox/manifests/latest?ns=docker.io')).arrayBuffer();
    await (await get('/v2/library/busybox777/manifests/latest?ns=docker.io', { method: 'HEAD' })).arrayBuffer();
    await (await get(`/v2/library/busybox/blobs/${busybox.manifest.layerDigest}`, { headers: { range: 'bytes=0-9' } })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 20));
    expect(logLines).toEqual([
      `GET /v2/library/busybox/manifests/latest?ns=docker.io 200 ${busybox.bytes.length}`,
      'HEAD /v2/library/busybox777/manifests/latest?ns=docker.io 404 0',
      `GET /v2/library/busybox/blobs/${busybox.manifest.layerDigest} 206 10`,
    ]);
  });
});

describe('lifecycle', () => {
  it('reload picks up a rebuilt layout', async () => {
    const { path, remove: removeDir } = await makeTempDir('registry-reload');
    try {
      await writeFixtureLayout(path, [IMAGES[0] as FixtureImage]);
      const r = await startRegistry({ layoutDir: path });
      try {
        expect((await fetch(`${r.url}/v2/redis/manifests/7`)).status).toBe(404);
        await writeFixtureLayout(path, [IMAGES[0] as FixtureImage, { ref: 'redis:7', files: { 'bin/redis': 'redis\n' } }]);
        await r.reload();
        const res = await fetch(`${r.url}/v2/library/redis/manifests/7?ns=docker.io`);
        expect(res.status).toBe(200);
      } finally {
        await r.close();
      }
    } finally {
      await removeDir();
    }
  });

  it('refuses a wildcard address and a broken layout', async () => {
    await expect(startRegistry({ layoutDir: dir, host: '0.0.0.0' })).rejects.toMatchObject({ name: 'RegistryError', code: 'InvalidOption' });
    const { path, remove: removeDir } = await makeTempDir('registry-broken');
    try {
      await expect(startRegistry({ layoutDir: path })).rejects.toBeInstanceOf(RegistryError);
      const images = await writeFixtureLayout(path, [IMAGES[0] as FixtureImage]);
      const layer = images.get(IMAGES[0]?.ref ?? '')?.manifest.layerDigest ?? '';
      const layerFile = join(path, 'blobs', 'sha256', layer.slice('sha256:'.length));
      await writeFile(layerFile, (await readFile(layerFile)).subarray(1));
      await expect(startRegistry({ layoutDir: path })).rejects.toThrow(/size/);
      await rm(layerFile);
      await expect(startRegistry({ layoutDir: path })).rejects.toMatchObject({ code: 'LayoutInvalid' });
    } finally {
      await removeDir();
    }
  });
});
