import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './request-info.js';

const q = (s = ''): URLSearchParams => new URLSearchParams(s);

describe('parseRequestInfo', () => {
  it('splits core and group paths', () => {
    expect(parseRequestInfo('GET', '/api/v1/namespaces/default/pods/nginx', q())).toEqual({
      kind: 'resource', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'nginx', subresource: '', verb: 'get',
    });
    expect(parseRequestInfo('POST', '/apis/apps/v1/namespaces/dev/deployments', q())).toMatchObject({ group: 'apps', namespace: 'dev', resource: 'deployments', name: '', verb: 'create' });
    expect(parseRequestInfo('PUT', '/apis/apps/v1/namespaces/dev/replicasets/web/scale', q())).toMatchObject({ name: 'web', subresource: 'scale', verb: 'update' });
  });

  it('knows list, watch, deletecollection and connect verbs', () => {
    expect(parseRequestInfo('GET', '/api/v1/pods', q())).toMatchObject({ namespace: '', verb: 'list' });
    expect(parseRequestInfo('GET', '/api/v1/pods', q('watch=true'))).toMatchObject({ verb: 'watch' });
    expect(parseRequestInfo('DELETE', '/api/v1/namespaces/a/pods', q())).toMatchObject({ verb: 'deletecollection' });
    expect(parseRequestInfo('POST', '/api/v1/namespaces/a/pods/p/exec', q())).toMatchObject({ subresource: 'exec', verb: 'connect' });
    expect(parseRequestInfo('GET', '/api/v1/namespaces/a/pods/p/log', q())).toMatchObject({ subresource: 'log', verb: 'get' });
  });

  it('treats /namespaces/{name} as the namespace object itself', () => {
    expect(parseRequestInfo('GET', '/api/v1/namespaces/dev', q())).toMatchObject({ resource: 'namespaces', name: 'dev', namespace: '' });
    expect(parseRequestInfo('PUT', '/api/v1/namespaces/dev/finalize', q())).toMatchObject({ resource: 'namespaces', name: 'dev', namespace: '', subresource: 'finalize' });
  });

  it('leaves discovery and health to the non-resource handler', () => {
    expect(parseRequestInfo('GET', '/api/v1', q())).toEqual({ kind: 'nonresource', path: '/api/v1' });
    expect(parseRequestInfo('GET', '/apis/apps/v1', q())).toEqual({ kind: 'nonresource', path: '/apis/apps/v1' });
    expect(parseRequestInfo('GET', '/healthz', q())).toEqual({ kind: 'nonresource', path: '/healthz' });
  });
});
