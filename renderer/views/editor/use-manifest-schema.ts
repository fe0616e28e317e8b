// The compact schema from main (the API server's OpenAPI, reduced), fetched once per connection.
import { useEffect, useState } from 'react';
import type { ManifestSchema } from '../../../main/common/bridge/manifests.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge, useConnection } from '../../bridge/bridge-context.js';

export type SchemaState = { state: 'loading' } | { state: 'ready'; schema: ManifestSchema } | { state: 'failed'; error: string };

export function useManifestSchema(): SchemaState {
  const client = useBridge();
  const { state, generation } = useConnection();
  const [schema, setSchema] = useState<SchemaState>({ state: 'loading' });
  useEffect(() => {
    if (state !== 'open') return;
    let live = true;
    client.call('manifests:schema', {}).then(
      (s) => live && setSchema({ state: 'ready', schema: s }),
      (e: unknown) => live && setSchema({ state: 'failed', error: describeError(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, state, generation]);
  return schema;
}
