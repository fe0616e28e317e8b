// The logs the Nodes view follows, from where each one really is:
// - a host node's agent and containerd write <data>/nodes/NAME/{agent,containerd}.log
//   (main/vm/host/host-provider.ts); followed in process;
// - a VM node's write /var/log/k8s-lab/{agent,containerd}.log inside the VM, followed with
//   `tail -F` over the lab's SSH session; its serial console is <data>/nodes/NAME/serial.log;
// - a container's log comes through the API server's pods/log (follow=true), as kubectl's.
import { join, posix } from 'node:path';
import { LOG_LIMITS } from '../../common/bridge/nodes.js';
import type { LogOpenParams } from '../../common/bridge/nodes.js';
import type { ApiClient } from '../../common/client/api-client.js';
import type { NodeAccess } from '../../vm/provider.js';
import { GUEST } from '../../vm/qemu/guest-layout.js';
import { BridgeError } from '../errors.js';
import { followFile } from './file-follow.js';
import { followPodLog } from './pod-log-stream.js';

export interface LogStream {
  title: string;
  /** starts delivering; returns the stop function */
  start(onData: (text: string) => void, onEnd: (reason: string) => void): () => void;
}

/** a log line is ~100-200 bytes: the container log's --tail from the byte budget */
export function tailLinesFor(tailBytes: number): number {
  return Math.max(10, Math.min(10_000, Math.round(tailBytes / 128)));
}

export function openLog(p: LogOpenParams, admin: ApiClient, access: (node: string) => NodeAccess): LogStream {
  const tailBytes = p.tailBytes ?? LOG_LIMITS.defaultTailBytes;
  if (p.source === 'container') {
    const o = { namespace: p.namespace ?? 'default', pod: p.pod ?? '', ...(p.container ? { container: p.container } : {}), tailLines: tailLinesFor(tailBytes), previous: p.previous === true };
    return {
      title: `kubectl logs ${o.previous ? '-p' : '-f'} ${o.pod} -n ${o.namespace}${o.container ? ` -c ${o.container}` : ''} --tail ${o.tailLines}`,
      start: (onData, onEnd) => {
        const s = followPodLog(admin, o, onData, onEnd);
        return () => s.stop();
      },
    };
  }
  const a = access(p.node ?? '');
  if (p.source === 'console') {
    if (a.kind === 'host') throw new BridgeError(404, 'NotFound', `node "${a.name}" has no serial console: it is a network namespace on this host, not a VM (host nodes share the host's kernel; see dmesg on the host)`);
    return fileLog(join(a.nodeDir, 'serial.log'), tailBytes);
  }
  if (a.kind === 'host') return fileLog(join(a.nodeDir, `${p.source}.log`), tailBytes);
  const remote = posix.join(GUEST.logDir, `${p.source}.log`);
  return {
    title: `tail -c ${tailBytes} -F ${remote}`,
    start: (onData, onEnd) => {
      let close: (() => void) | undefined;
      let stopped = false;
      void a
        .ssh()
        .then((ssh) => ssh.execStream(`tail -c ${tailBytes} -F ${remote}`))
        .then((s) => {
          if (stopped) return s.close();
          close = () => s.close();
          s.stdout.setEncoding('utf8');
          s.stderr.setEncoding('utf8');
          s.stdout.on('data', (t: string) => onData(t));
          s.stderr.on('data', (t: string) => onData(t));
          void s.exited.then((x) => !stopped && onEnd(x.error?.message ?? `tail exited (${x.code ?? x.signal ?? '?'})`));
        })
        .catch((e: unknown) => !stopped && onEnd(e instanceof Error ? e.message : String(e)));
      return () => {
        stopped = true;
        close?.();
      };
    },
  };
}

function fileLog(path: string, tailBytes: number): LogStream {
  return {
    title: `tail -c ${tailBytes} -F ${path}`,
    start: (onData, onEnd) => {
      const f = followFile(path, { tailBytes }, onData, onEnd);
      return () => f.stop();
    },
  };
}
