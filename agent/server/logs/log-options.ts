// PodLogOptions as the kubelet receives them in the containerLogs query
// (k8s.io/api/core/v1 PodLogOptions; validation as ValidatePodLogOptions).
import { KubeletServerError } from '../errors.js';

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** last N lines; undefined = all */
  tailLines?: number;
  /** only records at or after this time (ms since the epoch) */
  sinceMs?: number;
  /** stop after this many bytes */
  limitBytes?: number;
}

function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  if (v === 'true' || v === '1' || v === '') return true;
  if (v === 'false' || v === '0') return false;
  throw new KubeletServerError(400, `invalid value for ${name}: ${JSON.stringify(v)}: must be true or false`);
}

function int(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new KubeletServerError(400, `invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  const n = Number(v);
  if (n < min) {
    const what = min === 0 ? 'must be greater than or equal to 0' : `must be greater than ${min - 1}`;
    throw new KubeletServerError(400, `${name}: Invalid value: ${n}: ${what}`);
  }
  return n;
}

export function parseLogOptions(q: URLSearchParams, now: number): LogOptions {
  const sinceSeconds = int(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime) {
    throw new KubeletServerError(400, 'at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  let sinceMs: number | undefined;
  if (sinceSeconds !== undefined) sinceMs = now - sinceSeconds * 1000;
  if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw new KubeletServerError(400, `invalid value for sinceTime: ${JSON.stringify(sinceTime)}: must be RFC3339`);
  }
  return {
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    timestamps: bool(q, 'timestamps'),
    tailLines: int(q, 'tailLines', 0),
    sinceMs,
    limitBytes: int(q, 'limitBytes', 1),
  };
}
