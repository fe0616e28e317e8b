import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerdPaths } from './containerd-config.js';
import { dockerDaemonJson, dockerdPaths } from './dockerd-config.js';
import { findDockerd } from './dockerd.js';

describe('a host node\'s dockerd', () => {
  it('keeps its data under the node dir and its sockets beside (not inside) containerd\'s state dir', () => {
    const p = dockerdPaths('/data/lab/nodes/node-1');
    const c = containerdPaths('/data/lab/nodes/node-1');
    expect(p.dataRoot).toBe('/data/lab/nodes/node-1/docker/data');
    expect(p.configFile).toBe('/data/lab/nodes/node-1/docker/daemon.json');
    expect(p.logFile).toBe('/data/lab/nodes/node-1/dockerd.log');
    expect(p.execRoot).toBe(`${c.stateDir.replace(/\/containerd$/, '')}.docker`);
    expect(p.socket.length).toBeLessThan(100); // sun_path
    expect(p.socket.startsWith(`${c.stateDir}/`)).toBe(false);
  });

  it('writes a daemon.json on the node\'s containerd, pulling only through the lab registry', () => {
    const paths = dockerdPaths('/n');
    const cfg = JSON.parse(dockerDaemonJson({ paths, containerdSocket: '/run/k8s-lab/x/containerd/containerd.sock', registryUrl: 'http://10.236.0.1:5000', cgroupParent: '/k8s-lab-ab12/node-1/docker' })) as Record<string, unknown>;
    expect(cfg).toMatchObject({
      containerd: '/run/k8s-lab/x/containerd/containerd.sock',
      'containerd-namespace': 'moby',
      hosts: [`unix://${paths.socket}`],
      'data-root': '/n/docker/data',
      'registry-mirrors': ['http://10.236.0.1:5000'],
      'insecure-registries': ['10.236.0.1:5000'],
      'cgroup-parent': '/k8s-lab-ab12/node-1/docker',
      'oom-score-adjust': 0,
    });
    expect(() => dockerDaemonJson({ paths, containerdSocket: 's', registryUrl: 'ftp://x' })).toThrow(/http/);
  });
});

describe('findDockerd', () => {
  it('finds dockerd on PATH, or nothing when Docker is not installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerd-'));
    try {
      expect(findDockerd(dir, [])).toBeUndefined();
      writeFileSync(join(dir, 'dockerd'), '#!/bin/sh\n', { mode: 0o755 });
      expect(findDockerd(`/nonexistent:${dir}`, [])).toBe(join(dir, 'dockerd'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
