// Status, metadata and spec fields of workloads, Services and RoleBindings, checked against
// kubectl's Go types (`kubectl set ... --local -f FILE -o json`, no server involved). As in
// pod-surface.spec.ts the protobuf bytes come from the schema-driven test encoder: what is
// checked is each json name and Go presence rule, and that no field is missing a table.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeProtobuf } from './index.js';
import { JsonEncoder, text } from './json-encoder.fixture.js';
import { Kubectl } from './kubectl-stub.fixture.js';
import { envelope } from './proto-writer.fixture.js';
import { messageForKind, SCHEMA } from './schema/index.js';
import type { JsonObject } from './schema/types.js';
import { TYPED_CASES } from './typed-objects.fixture.js';

describe('status and metadata against kubectl 1.32 typed output', () => {
  let dir: string;
  let cli: Kubectl;
  const encoder = new JsonEncoder(SCHEMA);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8s-lab-protobuf-objects-'));
    // --local never contacts a server; the URL only has to parse
    cli = new Kubectl('http://127.0.0.1:9');
  });
  afterAll(async () => {
    await cli.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  for (const c of TYPED_CASES) {
    it(c.name, async () => {
      const file = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
      await writeFile(file, JSON.stringify(c.object));
      const [sub = '', ...args] = c.set;
      const out = await cli.run('set', sub, '--local', '-f', file, ...args, '-o', 'json', '--show-managed-fields');
      const typed = JSON.parse(out) as JsonObject;
      const { kind, apiVersion, ...fields } = typed;
      const message = messageForKind(text(apiVersion), text(kind));
      if (!message) throw new Error(`no message for ${text(apiVersion)} ${text(kind)}`);
      const decoded = decodeKubeProtobuf(envelope(text(apiVersion), text(kind), encoder.encode(message, fields)));
      expect(decoded.object).toEqual(typed);
      expect((typed['metadata'] as JsonObject)['managedFields']).toBeDefined();
    });
  }
});
