// Values kube-apiserver rejects while decoding the body, before any validation:
// a malformed quantity or non-base64 []byte data. The server answers 400
// BadRequest "<Kind> in version "<v>" cannot be handled as a <Kind>: <error>"
// (apiserver handlers transformDecodeError), not 422 Invalid.
import type { KubeObject } from '../../../common/kube-types.js';
import { getObject, isObject } from './json.js';
import { parseQuantity, QUANTITY_FORMAT_ERROR } from '../../../common/quantity.js';

const QUANTITY_MAPS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'overhead', 'hard', 'used']);
const QUANTITY_VALUES = new Set(['sizeLimit', 'divisor']);
const SHAPE = /^[+-]?[0-9.]+[eEinumkKMGTP]*[-+]?[0-9]*$/;

/** the error ParseQuantity would return, or undefined when the value decodes */
export function quantityDecodeError(v: unknown): string | undefined {
  if (typeof v === 'number' || v === null) return undefined;
  if (typeof v !== 'string') return QUANTITY_FORMAT_ERROR;
  const text = v.trim();
  if (parseQuantity(text)) return undefined;
  // the shape is right but the suffix is unknown ("1mi", "2KI")
  return SHAPE.test(text) && /^[+-]?[0-9.]*[0-9][0-9.]*/.test(text) ? "unable to parse quantity's suffix" : QUANTITY_FORMAT_ERROR;
}

function walkQuantities(v: unknown, parentKey: string): string | undefined {
  if (Array.isArray(v)) {
    for (const e of v) {
      const err = walkQuantities(e, '');
      if (err) return err;
    }
    return undefined;
  }
  if (!isObject(v)) return QUANTITY_VALUES.has(parentKey) ? quantityDecodeError(v) : undefined;
  for (const [k, child] of Object.entries(v)) {
    const err = QUANTITY_MAPS.has(k) && isObject(child)
      ? Object.values(child).map(quantityDecodeError).find((e) => e !== undefined)
      : walkQuantities(child, k);
    if (err) return err;
  }
  return undefined;
}

const B64 = /[A-Za-z0-9+/]/;

/** the error Go's base64.StdEncoding.DecodeString reports, or undefined */
export function base64DecodeError(s: string): string | undefined {
  let si = 0;
  const corrupt = (at: number): string => `illegal base64 data at input byte ${at}`;
  for (;;) {
    let j = 0;
    while (j < 4) {
      if (si === s.length) {
        if (j === 0) return undefined;
        return corrupt(si - j);
      }
      const ch = s.charAt(si++);
      if (B64.test(ch)) {
        j++;
        continue;
      }
      if (ch === '\n' || ch === '\r') continue;
      if (ch !== '=' || j < 2) return corrupt(si - 1);
      return paddingError(s, si, j);
    }
  }
}

function paddingError(s: string, start: number, j: number): string | undefined {
  let si = start;
  const skipNewlines = (): void => {
    while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
  };
  if (j === 2) {
    skipNewlines();
    if (si === s.length) return `illegal base64 data at input byte ${s.length}`;
    if (s[si] !== '=') return `illegal base64 data at input byte ${si - 1}`;
    si++;
  }
  skipNewlines();
  return si < s.length ? `illegal base64 data at input byte ${si}` : undefined;
}

function bytesDecodeError(obj: KubeObject): string | undefined {
  const kind = obj.kind ?? '';
  const maps = kind === 'Secret' ? ['data'] : kind === 'ConfigMap' ? ['binaryData'] : [];
  for (const m of maps) {
    for (const v of Object.values(getObject(obj, m) ?? {})) {
      if (typeof v === 'string') {
        const err = base64DecodeError(v);
        if (err) return err;
      }
    }
  }
  return undefined;
}

/** the decoder's error for this body, or undefined when it decodes */
export function findDecodeError(obj: KubeObject): string | undefined {
  return bytesDecodeError(obj) ?? walkQuantities(obj, '');
}

/** the BadRequest message transformDecodeError builds */
export function decodeErrorMessage(kind: string, version: string, error: string): string {
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${error}`;
}
