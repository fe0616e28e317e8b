// 422 Invalid from field errors, as apimachinery's NewInvalid builds it: the message
// `ReplicaSet.apps "x" is invalid: <field>: <body>` and one StatusCause per error, from
// which kubectl prints `The ReplicaSet "x" is invalid: ...`.
import { ApiError } from '../errors.js';
import type { FieldError, ResourceDef } from '../resources/types.js';
import { newInvalidStatus } from '../validation/index.js';

export function fieldErrorsToStatus(def: Pick<ResourceDef, 'kind' | 'group'>, name: string, errs: FieldError[]): ApiError {
  return new ApiError(newInvalidStatus(def.group, def.kind, name, errs));
}
