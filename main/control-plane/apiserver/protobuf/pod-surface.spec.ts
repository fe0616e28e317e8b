// PodSpec's many fields, checked against kubectl's own Go types: `kubectl run --overrides
// --dry-run=client -o json` prints the typed Pod (Go json tags, omitempty, pointers, structs).
// kubectl run posts JSON, not protobuf, so the protobuf bytes here come from the test
// encoder (json-encoder.fixture.ts, driven by the same tables); what this checks is every
// json name and presence rule on the way back, and that the tables know every field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeProtobuf } from './index.js';
import { JsonEncoder, text } from './json-encoder.fixture.js';
import { Kubectl, startKubectlStub } from './kubectl-stub.fixture.js';
import type { KubectlStub } from './kubectl-stub.fixture.js';
import { POD_OVERRIDES } from './pod-overrides.fixture.js';
import { envelope } from './proto-writer.fixture.js';
import { SCHEMA } from './schema/index.js';
import type { JsonObject } from './schema/types.js';

describe('PodSpec against kubectl 1.32 typed output', () => {
  let stub: KubectlStub;
  let cli: Kubectl;

  beforeAll(async () => {
    stub = await startKubectlStub();
    cli = new Kubectl(stub.url);
  });
  afterAll(async () => {
    await stub.close();
    await cli.cleanup();
  });

  it('round-trips the typed Pod through protobuf unchanged', async () => {
    const out = await cli.run('run', 'p1', '--image=nginx:1.25', `--overrides=${JSON.stringify(POD_OVERRIDES)}`, '--dry-run=client', '-o', 'json');
    const typed = JSON.parse(out) as JsonObject;
    // kubectl's Go types filled in what encoding/json always prints
    const spec = typed['spec'] as JsonObject;
    expect(JSON.stringify(spec)).toContain('"divisor":"0"');
    expect(JSON.stringify(spec)).toContain('"apiGroup":null');
    expect(spec['priority']).toBe(0);

    const { kind, apiVersion, ...fields } = typed;
    const raw = new JsonEncoder(SCHEMA).encode('Pod', fields);
    const decoded = decodeKubeProtobuf(envelope(text(apiVersion), text(kind), raw));
    expect(decoded.object).toEqual(typed);
  });
});
