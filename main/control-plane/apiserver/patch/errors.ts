// The patch module's named error (STYLE rule 6). Each constructor reproduces the
// metav1.Status kube-apiserver 1.32 sends for the same failure, so the HTTP layer can
// send `toStatus()` as is and kubectl prints what it prints against a real cluster.
import type { Status, StatusCause } from '../../../common/kube-types.js';

/** 400 bad body, 409 apply conflict, 413 too many ops, 415 media type, 422 invalid,
 *  500 for merge errors apimachinery returns as plain Go errors (ErrorToAPIStatus). */
export type PatchErrorCode = 400 | 409 | 413 | 415 | 422 | 500;

/** metav1.StatusReason; '' is StatusReasonUnknown, used for plain Go errors. */
export type PatchErrorReason = 'BadRequest' | 'Conflict' | 'RequestEntityTooLarge' | 'UnsupportedMediaType' | 'Invalid' | '';

export class PatchError extends Error {
  constructor(
    readonly code: PatchErrorCode,
    readonly reason: PatchErrorReason,
    message: string,
    readonly causes?: StatusCause[],
    /** what actually failed, when the Status message hides it (422 from a JSON patch) */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PatchError';
  }

  toStatus(): Status {
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.causes) status.details = { causes: this.causes };
    return status;
  }
}

/** errors.NewBadRequest(message) */
export function badRequest(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

/** errors.NewGenericServerResponse(422, ...) drops the server message, which is why a
 *  failed JSON patch test reads only "the server rejected our request ..." in kubectl. */
export function unprocessable(detail: string): PatchError {
  return new PatchError(422, 'Invalid', 'the server rejected our request due to an error in our request', undefined, detail);
}

/** A plain Go error surfaced by ErrorToAPIStatus: code 500, empty reason, message verbatim. */
export function internal(message: string): PatchError {
  return new PatchError(500, '', message);
}

/** negotiation.NewUnsupportedMediaTypeError(accepted) */
export function unsupportedMediaType(accepted: readonly string[]): PatchError {
  return new PatchError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** errors.NewRequestEntityTooLargeError(message) */
export function tooLarge(message: string): PatchError {
  return new PatchError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** errors.NewApplyConflict(causes, message) */
export function applyConflict(message: string, causes: StatusCause[]): PatchError {
  return new PatchError(409, 'Conflict', message, causes);
}
