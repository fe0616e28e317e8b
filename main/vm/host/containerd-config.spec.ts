import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SANDBOX_IMAGE, MIRRORED_HOSTS, RegistryUrlError, containerdConfigToml, containerdPaths, hostsToml,
  normalizeRegistryUrl, registryHostFiles,
} from './containerd-config.js';

describe('containerdPaths', () => {
  it('keeps data under the node dir and state under /run with a short, stable socket path', () => {
    const dir = `/tmp/${'very-long-directory-name-'.repeat(6)}node-1`;
    const paths = containerdPaths(dir);
    expect(paths.root).toBe(`${dir}/containerd/root`);
    expect(paths.configFile).toBe(`${dir}/containerd/config.toml`);
    expect(paths.certsDir).toBe(`${dir}/certs.d`);
    expect(paths.cniConfDir).toBe(`${dir}/cni/net.d`);
    expect(paths.stateDir).toMatch(/^\/run\/k8s-lab\/[0-9a-f]{12}\/containerd$/);
    expect(paths.socket).toBe(`${paths.stateDir}/containerd.sock`);
    // sun_path holds 107 bytes; containerd also listens on <socket>.ttrpc
    expect(`${paths.socket}.ttrpc`.length).toBeLessThan(108);
    expect(containerdPaths(dir)).toEqual(paths);
    expect(containerdPaths(`${dir}-2`).stateDir).not.toBe(paths.stateDir);
    expect(containerdPaths(dir, '/etc/cni/lab').cniConfDir).toBe('/etc/cni/lab');
  });
});

describe('containerdConfigToml', () => {
  const paths = containerdPaths('/var/lib/k8s-lab/node-1');
  const toml = containerdConfigToml({ paths });

  it('points containerd at the node paths', () => {
    expect(toml).toContain('version = 2\n');
    expect(toml).toContain(`root = "${paths.root}"`);
    expect(toml).toContain(`state = "${paths.stateDir}"`);
    expect(toml).toContain(`address = "${paths.socket}"`);
    expect(toml).toContain(`config_path = "${paths.certsDir}"`);
    expect(toml).toContain(`conf_dir = "${paths.cniConfDir}"`);
    expect(toml).toContain('bin_dir = "/usr/lib/cni"');
  });

  it('sets what CRI needs on these machines', () => {
    expect(toml).toContain(`sandbox_image = "${DEFAULT_SANDBOX_IMAGE}"`);
    expect(toml).toContain('restrict_oom_score_adj = true');
    expect(toml).toContain('stream_server_address = "127.0.0.1"');
    expect(toml).toContain('stream_server_port = "0"');
    expect(toml).toContain('enable_tls_streaming = false');
    expect(toml).toContain('SystemdCgroup = false');
    expect(toml).toContain('runtime_type = "io.containerd.runc.v2"');
    expect(toml).toMatch(/disabled_plugins = \[.*"io\.containerd\.snapshotter\.v1\.btrfs".*\]/);
    expect(toml).not.toMatch(/disabled_plugins = \[.*grpc\.v1\.cri.*\]/);
    expect(containerdConfigToml({ paths, sandboxImage: 'registry.k8s.io/pause:3.9' })).toContain(
      'sandbox_image = "registry.k8s.io/pause:3.9"');
  });

  it('quotes paths as TOML strings', () => {
    const odd = containerdConfigToml({ paths: containerdPaths('/tmp/a "quoted" dir') });
    expect(odd).toContain('root = "/tmp/a \\"quoted\\" dir/containerd/root"');
  });
});

describe('registry host files', () => {
  it('send every mirrored host, and _default, only to the lab registry', () => {
    const files = registryHostFiles('http://127.0.0.1:5000/');
    expect([...files.keys()].sort()).toEqual(MIRRORED_HOSTS.map((h) => `${h}/hosts.toml`).sort());
    expect(MIRRORED_HOSTS).toEqual(expect.arrayContaining(['docker.io', 'registry.k8s.io', 'ghcr.io', '_default']));
    for (const content of files.values()) {
      expect(content).toContain('server = "http://127.0.0.1:5000"\n');
      expect(content).toContain('[host."http://127.0.0.1:5000"]\n  capabilities = ["pull", "resolve"]');
    }
  });

  it('names the upstream it replaces', () => {
    expect(hostsToml('http://10.0.2.100:8099', 'ghcr.io')).toMatch(/^# k8s-lab: pulls of ghcr\.io /);
  });

  it('accepts only scheme://host:port', () => {
    expect(normalizeRegistryUrl('https://reg.lab:443')).toBe('https://reg.lab');
    expect(() => normalizeRegistryUrl('127.0.0.1:5000')).toThrow(RegistryUrlError);
    expect(() => normalizeRegistryUrl('ftp://127.0.0.1')).toThrow(RegistryUrlError);
    expect(() => normalizeRegistryUrl('http://127.0.0.1:5000/v2')).toThrow(RegistryUrlError);
  });
});
