import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContainerConfig, loadPodSandboxConfig } from './config-files.js';
import { parseExecStatus } from './exec/remote-command.js';
import { criSchema } from './proto-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'crictl-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('pod and container config files (crictl runp/create)', () => {
  it('reads the crictl docs pod-config.json: snake_case names, numeric enums, label keys untouched', () => {
    const path = file('pod.json', JSON.stringify({
      metadata: { name: 'nginx-sandbox', namespace: 'default', attempt: 1, uid: 'hdishd83djaidwnduwk28bcsb' },
      log_directory: '/tmp',
      labels: { 'app.kubernetes.io/log_level': 'x' },
      linux: { security_context: { namespace_options: { network: 2 } } },
      unknown_field: true,
    }));
    expect(loadPodSandboxConfig(criSchema(), path)).toEqual({
      metadata: { name: 'nginx-sandbox', namespace: 'default', attempt: 1, uid: 'hdishd83djaidwnduwk28bcsb' },
      logDirectory: '/tmp',
      labels: { 'app.kubernetes.io/log_level': 'x' },
      linux: { securityContext: { namespaceOptions: { network: 2 } } },
    });
  });

  it('reads YAML with camelCase names, generates a uid, and checks the metadata', () => {
    const pod = loadPodSandboxConfig(criSchema(), file('pod.yaml', 'metadata:\n  name: p\n  namespace: ns\nlogDirectory: /var/log/pods/x\n'));
    expect(pod.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.logDirectory).toBe('/var/log/pods/x');
    expect(() => loadPodSandboxConfig(criSchema(), file('bad.yaml', 'metadata:\n  name: p\n'))).toThrow('name or namespace is not in metadata');
    expect(() => loadPodSandboxConfig(criSchema(), join(dir, 'missing.json'))).toThrow(`config at ${join(dir, 'missing.json')} not found`);
    const c = loadContainerConfig(criSchema(), file('c.yaml', 'metadata: {name: web}\nimage: {image: busybox}\ncommand: [sh, -c, "echo hi"]\nlog_path: web/0.log\nenvs: [{key: A, value: B}]\n'));
    expect(c).toEqual({ metadata: { name: 'web' }, image: { image: 'busybox' }, command: ['sh', '-c', 'echo hi'], logPath: 'web/0.log', envs: [{ key: 'A', value: 'B' }] });
    expect(() => loadContainerConfig(criSchema(), file('c2.yaml', 'image: {image: busybox}\n'))).toThrow('metadata is not set');
  });
});

describe('the exec error stream (remotecommand v4 status)', () => {
  it('reads success, exit codes and failures', () => {
    expect(parseExecStatus(Buffer.alloc(0))).toEqual({ exitCode: 0 });
    expect(parseExecStatus(Buffer.from('{"metadata":{},"status":"Success"}'))).toEqual({ exitCode: 0 });
    expect(parseExecStatus(Buffer.from(JSON.stringify({
      metadata: {}, status: 'Failure', message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    })))).toEqual({ exitCode: 3 });
    expect(parseExecStatus(Buffer.from('{"status":"Failure","message":"exec failed: no such file","reason":"InternalError"}'))).toEqual({ exitCode: 1, message: 'exec failed: no such file' });
  });
});
