// The manifests domain's handlers (see ../domain.ts): validate, then delegate to ManifestsService.
import { MAX_MANIFEST_BYTES } from '../../common/bridge/manifests.js';
import type { ManifestGet, ManifestRequests, ManifestRun } from '../../common/bridge/manifests.js';
import type { BridgeDeps, DomainHandlers } from '../domain.js';
import { Fields, LABEL, SUBDOMAIN, validateEmpty } from '../validate.js';
import { ManifestsService } from './manifests-service.js';

export function manifestHandlers(deps: BridgeDeps): DomainHandlers<ManifestRequests> {
  const service = new ManifestsService(deps.admin);
  return {
    'manifests:schema': (p) => {
      validateEmpty('manifests:schema', p);
      return service.schema();
    },
    'manifests:apply': (p) => service.run('apply', validateRun('manifests:apply', p)),
    'manifests:create': (p) => service.run('create', validateRun('manifests:create', p)),
    'manifests:replace': (p) => service.run('replace', validateRun('manifests:replace', p)),
    'manifests:diff': (p) => service.diff(validateRun('manifests:diff', p)),
    'manifests:get': (p) => service.get(validateGet('manifests:get', p)),
  };
}

export function validateRun(channel: string, params: unknown): ManifestRun {
  const f = new Fields(channel, params, ['text', 'namespace', 'dryRun', 'document']);
  const { text, dryRun, document } = f.record;
  if (typeof text !== 'string') f.add('text', text === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', text === undefined ? 'Required value' : 'Invalid value: must be a string');
  else if (new TextEncoder().encode(text).length > MAX_MANIFEST_BYTES) f.add('text', 'FieldValueTooLong', `Too long: must have at most ${MAX_MANIFEST_BYTES} bytes`);
  const namespace = f.name('namespace', LABEL, 63, false);
  if (dryRun !== undefined && typeof dryRun !== 'boolean') f.add('dryRun', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(dryRun)}: must be a boolean`);
  if (document !== undefined && !(typeof document === 'number' && Number.isInteger(document) && document >= 0)) f.add('document', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(document)}: must be a document index (0, 1, …)`);
  f.done();
  return {
    text: text as string,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(dryRun !== undefined ? { dryRun: dryRun as boolean } : {}),
    ...(document !== undefined ? { document: document as number } : {}),
  };
}

export function validateGet(channel: string, params: unknown): ManifestGet {
  const f = new Fields(channel, params, ['resource', 'namespace', 'name']);
  const resource = f.record['resource'];
  if (typeof resource !== 'string' || !/^[A-Za-z][A-Za-z0-9.]{0,62}$/.test(resource)) f.add('resource', resource === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', resource === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(resource)}`);
  const namespace = f.name('namespace', LABEL, 63, false);
  const name = f.name('name', SUBDOMAIN, 253, true);
  f.done();
  return { resource: resource as string, name: name as string, ...(namespace !== undefined ? { namespace } : {}) };
}
