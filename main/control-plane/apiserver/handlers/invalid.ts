// 422 Invalid from field errors, formatted as apimachinery's NewInvalid does:
// `<Kind> "<name>" is invalid: <field>: <body>` (a bracketed, comma-separated list
// when there is more than one error), one StatusCause per error.
import { errors } from '../errors.js';
import type { ApiError } from '../errors.js';
import type { FieldError, ResourceDef } from '../resources/types.js';

export function fieldErrorsToStatus(def: Pick<ResourceDef, 'kind' | 'group'>, name: string, errs: FieldError[]): ApiError {
  const parts = errs.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const list = parts.length === 1 ? (parts[0] ?? '') : `[${parts.join(', ')}]`;
  const message = `${def.kind} "${name}" is invalid: ${list}`;
  return errors.invalid(def.kind, def.group, name, message, errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })));
}
