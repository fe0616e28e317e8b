// The 422 Invalid Status built from field errors, as apimachinery's
// errors.NewInvalid: message `<Kind>[.<group>] "<name>" is invalid: <aggregate>`
// where the aggregate (ErrorList.ToAggregate) drops duplicate messages and wraps
// several in [a, b]; each StatusCause carries reason = error type, message =
// ErrorBody() (without the field) and field = the path.
import type { Status, StatusCause } from '../../../common/kube-types.js';
import type { FieldError } from '../resources/types.js';
import { goQuote } from './go-value.js';

/** field.Error.Error(): "<field>: <body>" */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${e.message}`;
}

/** utilerrors.NewAggregate(...).Error() after ToAggregate's de-duplication */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errors) {
    const m = formatFieldError(e);
    if (seen.has(m)) continue;
    seen.add(m);
    msgs.push(m);
  }
  if (msgs.length === 1) return msgs[0] ?? '';
  return `[${msgs.join(', ')}]`;
}

/** schema.GroupKind.String(): "Pod", "Deployment.apps" */
export function qualifiedKind(kind: string, group = ''): string {
  return group ? `${kind}.${group}` : kind;
}

/**
 * The Status message of NewInvalid. `kind` is the qualified kind ("Pod",
 * "ReplicaSet.apps"); use qualifiedKind() to build it from kind and group.
 */
export function formatFieldErrors(kind: string, name: string, errors: readonly FieldError[]): string {
  return `${kind} ${goQuote(name)} is invalid: ${aggregateFieldErrors(errors)}`;
}

export function statusCauses(errors: readonly FieldError[]): StatusCause[] {
  return errors.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
}

/** the full metav1.Status NewInvalid returns (HTTP 422, reason Invalid) */
export function newInvalidStatus(group: string, kind: string, name: string, errors: readonly FieldError[]): Status {
  const details: NonNullable<Status['details']> = { name, kind, causes: statusCauses(errors) };
  if (group) details.group = group;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: formatFieldErrors(qualifiedKind(kind, group), name, errors),
    reason: 'Invalid',
    details,
    code: 422,
  };
}
