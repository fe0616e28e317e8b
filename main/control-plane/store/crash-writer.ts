// Child process of crash.spec.ts: writes as fast as it can from several concurrent
// writers and prints one line per acknowledged operation, only after the store
// resolved it. The spec kills it with SIGKILL and checks every printed line survived.
// (Writes to a pipe are synchronous on Linux, so a printed line is never lost.)
import { openStore } from './mvcc-store.js';
import { crashValue as valueFor } from './test-helpers.js';

const [dataDir, prefix, snapshotEvery] = process.argv.slice(2);
if (!dataDir || !prefix) throw new Error('usage: crash-writer <dataDir> <prefix> [snapshotEveryWrites]');

const store = await openStore({ dataDir, snapshotEveryWrites: Number(snapshotEvery ?? 50), walSegmentBytes: 64 * 1024 });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
out(`ready ${(await store.status()).revision}`);

let next = 0;
async function writer(): Promise<never> {
  for (;;) {
    const i = next++;
    if (i % 3 === 2) {
      // a txn: two keys, one revision
      const a = `${prefix}/${i}/a`;
      const b = `${prefix}/${i}/b`;
      const r = await store.txn({
        compare: [],
        success: [
          { type: 'put', key: Buffer.from(a), value: valueFor(a) },
          { type: 'put', key: Buffer.from(b), value: valueFor(b) },
        ],
        failure: [],
      });
      out(`ack ${a} ${r.revision}`);
      out(`ack ${b} ${r.revision}`);
    } else {
      const key = `${prefix}/${i}`;
      const r = await store.put(Buffer.from(key), valueFor(key));
      out(`ack ${key} ${r.revision}`);
    }
    if (i % 97 === 96) {
      const rev = (await store.status()).revision - 20;
      await store.compact(rev).then(
        () => out(`compact ${rev}`),
        () => undefined, // another writer compacted further already
      );
    }
  }
}

await Promise.all(Array.from({ length: 8 }, () => writer()));
