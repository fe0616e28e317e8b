// Watch over HTTP: a chunked stream of {"type","object"} lines, as kube-apiserver
// sends them. resourceVersion ""/"0" starts with the current state as ADDED events;
// a compacted resourceVersion ends the stream with an ERROR event carrying 410 Expired.
// Selector transitions are reported like the watch cache does: an object that stops
// matching is DELETED for this watcher, one that starts matching is ADDED.
import type { ServerResponse } from 'node:http';
import type { KubeObject, Status } from '../../../common/kube-types.js';
import { storagePrefix } from '../registry.js';
import type { ObjectWatchEvent } from '../storage/object-store.js';
import { StorageError } from '../storage/object-store.js';
import type { ApiServices, RestRequest } from './context.js';
import { fromStorage } from './common.js';
import { matchesFilter, parseFilter } from './read.js';

export interface WatchEncoder {
  contentType: string;
  /** turns an object into what the event carries (the object, or a Table row for kubectl get -w) */
  encode(obj: KubeObject, first: boolean): unknown;
}

export interface WatchConfig {
  bookmarkIntervalMs: number;
  /** upper bound for a watch without timeoutSeconds (kube: min-request-timeout 1800 s, jittered) */
  maxTimeoutMs: number;
}

export async function handleWatch(api: ApiServices, req: RestRequest, res: ServerResponse, enc: WatchEncoder, cfg: WatchConfig): Promise<void> {
  const { def, query } = req;
  const filter = parseFilter(def, query);
  const prefix = storagePrefix(def, req.info.namespace);
  const rvParam = query.get('resourceVersion') ?? '';
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');

  res.writeHead(200, { 'Content-Type': enc.contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let first = true;
  let lastRv = 0;
  let closed = false;
  const send = (type: string, obj: KubeObject | Status): void => {
    if (closed) return;
    const object = type === 'ERROR' || type === 'BOOKMARK' ? obj : enc.encode(obj as KubeObject, first);
    if (type !== 'ERROR' && type !== 'BOOKMARK') first = false;
    res.write(JSON.stringify({ type, object }) + '\n');
    if (api.trace.active && type !== 'BOOKMARK' && type !== 'ERROR') {
      const o = obj as KubeObject;
      api.trace.emit({ kind: 'watch', ts: Date.now(), resource: def.plural, type, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, user: req.user.name });
    }
  };

  let startAfter: number;
  if (rvParam === '' || rvParam === '0') {
    const list = await api.objects.list(prefix);
    startAfter = list.revision;
    for (const raw of list.items) {
      const obj = fromStorage(def, raw);
      if (matchesFilter(def, filter, obj)) send('ADDED', obj);
    }
  } else {
    startAfter = Number(rvParam);
    if (!Number.isInteger(startAfter) || startAfter < 0) {
      send('ERROR', errorStatus(400, 'BadRequest', `invalid resource version: ${rvParam}`));
      res.end();
      return;
    }
  }
  lastRv = startAfter;

  const onEvents = (events: ObjectWatchEvent[]): void => {
    for (const e of events) {
      lastRv = e.revision;
      const obj = fromStorage(def, e.object);
      const now = matchesFilter(def, filter, obj);
      const before = e.prev ? matchesFilter(def, filter, fromStorage(def, e.prev)) : false;
      if (e.type === 'DELETED') {
        if (now) send('DELETED', obj);
      } else if (now && (e.type === 'ADDED' || before)) send(e.type, obj);
      else if (now) send('ADDED', obj);
      else if (before) send('DELETED', obj);
    }
  };
  const watcher = api.objects.watch(prefix, startAfter, onEvents, (err) => {
    if (err instanceof StorageError && err.code === 'compacted') {
      send('ERROR', errorStatus(410, 'Expired', `too old resource version: ${startAfter} (${err.currentRevision ?? 0})`));
    } else {
      send('ERROR', errorStatus(500, 'InternalError', `Internal error occurred: ${err.message}`));
    }
    finish();
  });

  const timers: NodeJS.Timeout[] = [];
  const finish = (): void => {
    if (closed) return;
    closed = true;
    watcher.cancel();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  const limitMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : cfg.maxTimeoutMs * (1 + Math.random());
  timers.push(setTimeout(finish, limitMs));
  if (bookmarks) {
    const tick = (): void => {
      send('BOOKMARK', { kind: def.kind, apiVersion: def.group ? `${def.group}/${def.version}` : def.version, metadata: { resourceVersion: String(lastRv) } });
      timers.push(setTimeout(tick, cfg.bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, cfg.bookmarkIntervalMs));
  }
  res.on('close', finish);
  await new Promise<void>((resolve) => res.on('close', () => resolve()));
}

function errorStatus(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
