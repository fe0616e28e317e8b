// Static checks of a request before anything runs, as etcd's gRPC layer does them
// (server/etcdserver/api/v3rpc/key.go checkTxnRequest / checkIntervals): op counts,
// empty keys, ignore_value/ignore_lease misuse, and "duplicate key": one branch may
// not put a key twice or put a key it also deletes, since all of a txn's writes share
// one revision.
import { inInterval, keyStr, toInterval, type KeyInterval, type KeyStr } from './key-range.js';
import { StoreError, type Compare, type PutOptions, type TxnOp, type TxnRequest } from './types.js';

/** etcd's default --max-txn-ops */
export const MAX_TXN_OPS = 128;

const invalid = (message: string): StoreError => new StoreError('invalid-argument', message);

export function checkKey(key: Uint8Array): void {
  if (key.length === 0) throw invalid('etcdserver: key is not provided');
}

export function checkPutRequest(key: Uint8Array, value: Uint8Array, options: PutOptions | undefined): void {
  checkKey(key);
  if (options?.ignoreValue && value.length !== 0) throw invalid('etcdserver: value is provided');
  if (options?.ignoreLease && (options.lease ?? 0) !== 0) throw invalid('etcdserver: lease is provided');
  const lease = options?.lease ?? 0;
  if (!Number.isSafeInteger(lease) || lease < 0) throw invalid(`invalid lease id ${lease}`);
}

function checkCompare(c: Compare): void {
  checkKey(c.key);
  const wantsBytes = c.target === 'VALUE';
  if (wantsBytes !== Buffer.isBuffer(c.value)) {
    throw invalid(`compare on ${c.target} needs a ${wantsBytes ? 'byte' : 'numeric'} value`);
  }
}

function checkOp(op: TxnOp): void {
  switch (op.type) {
    case 'range':
    case 'delete':
      checkKey(op.key);
      return;
    case 'put':
      checkPutRequest(op.key, op.value, op.options);
      return;
    case 'txn':
      checkTxnRequest(op.txn);
      return;
  }
}

export function checkTxnRequest(req: TxnRequest): void {
  if (req.compare.length > MAX_TXN_OPS || req.success.length > MAX_TXN_OPS || req.failure.length > MAX_TXN_OPS) {
    throw invalid('etcdserver: too many operations in txn request');
  }
  for (const c of req.compare) checkCompare(c);
  for (const op of req.success) checkOp(op);
  for (const op of req.failure) checkOp(op);
  checkIntervals(req.success);
  checkIntervals(req.failure);
}

const duplicate = (): StoreError => invalid('etcdserver: duplicate key given in txn request');

function deleted(dels: KeyInterval[], k: KeyStr): boolean {
  for (const iv of dels) if (inInterval(iv, k)) return true;
  return false;
}

/** the keys one branch puts and the ranges it deletes, nested txns included */
function checkIntervals(ops: TxnOp[]): { puts: Set<KeyStr>; dels: KeyInterval[] } {
  const dels: KeyInterval[] = [];
  for (const op of ops) if (op.type === 'delete') dels.push(toInterval(op.key, op.options?.rangeEnd));
  const puts = new Set<KeyStr>();
  for (const op of ops) {
    if (op.type !== 'txn') continue;
    const then = checkIntervals(op.txn.success);
    const otherwise = checkIntervals(op.txn.failure);
    for (const k of then.puts) {
      if (puts.has(k) || deleted(dels, k)) throw duplicate();
      puts.add(k);
    }
    for (const k of otherwise.puts) {
      // a key put by both branches of one nested txn is fine: only one branch runs
      if ((puts.has(k) && !then.puts.has(k)) || deleted(dels, k)) throw duplicate();
      puts.add(k);
    }
    dels.push(...then.dels, ...otherwise.dels);
  }
  for (const op of ops) {
    if (op.type !== 'put') continue;
    const k = keyStr(op.key);
    if (puts.has(k) || deleted(dels, k)) throw duplicate();
    puts.add(k);
  }
  return { puts, dels };
}
