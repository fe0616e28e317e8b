// A container's log the way `kubectl logs -f` reads it: GET pods/NAME/log?follow=true on
// the API server (which proxies to the node's kubelet-style server), as the lab's admin.
// A followed log is a body that never ends: ApiClient.openStream hands the chunks over as
// they come.
import type { ClientRequest } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { ApiClient } from '../../common/client/api-client.js';
import { resourceUrl } from '../../common/client/api-client.js';

export interface PodLogOptions {
  namespace: string;
  pod: string;
  container?: string;
  /** kubectl logs --tail */
  tailLines: number;
  /** kubectl logs -p: the previous instance's log, which has ended (no follow) */
  previous?: boolean;
}

export function followPodLog(admin: ApiClient, o: PodLogOptions, onData: (text: string) => void, onEnd: (reason: string) => void): { stop(): void } {
  const query = new URLSearchParams({ ...(o.previous ? { previous: 'true' } : { follow: 'true' }), tailLines: String(o.tailLines), ...(o.container ? { container: o.container } : {}) });
  const path = `${resourceUrl({ group: '', version: 'v1', resource: 'pods', namespace: o.namespace }, o.pod, 'log')}?${query.toString()}`;
  let stopped = false;
  let ended = false;
  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    if (!stopped) onEnd(reason);
  };
  const req: ClientRequest = admin.openStream(path, { accept: '*/*', userAgent: 'k8s-lab-ui' }, (res) => {
    const decoder = new StringDecoder('utf8');
    const code = res.statusCode ?? 0;
    if (code !== 200) {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => end(statusMessage(code, body)));
      return;
    }
    res.on('data', (c: Buffer) => {
      const text = decoder.write(c);
      if (text && !stopped) onData(text);
    });
    res.on('end', () => end(o.previous ? 'the end of the previous container\'s log' : 'the log ended (the container stopped)'));
    res.on('error', (e) => end(e.message));
  });
  req.on('error', (e) => end(e.message));
  return {
    stop() {
      stopped = true;
      req.destroy();
    },
  };
}

/** the API server's Status message when there is one (404 pod not found, 400 container required…) */
function statusMessage(code: number, body: string): string {
  try {
    const s = JSON.parse(body) as { message?: unknown };
    if (typeof s.message === 'string') return `${code}: ${s.message}`;
  } catch {
    // a plain-text answer (the kubelet's own errors come through as text)
  }
  return `${code}: ${body.trim()}`;
}
