// API errors are data: every failure leaves the server as a metav1.Status with the
// reason, code and message kube-apiserver would send (apimachinery/pkg/api/errors),
// so kubectl prints exactly what it prints against a real cluster.
import type { Status, StatusCause } from '../../common/kube-types.js';

export interface GroupResource {
  group: string;
  resource: string;
}

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
}

function status(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return new ApiError(s);
}

export function successStatus(details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

export const errors = {
  notFound(gr: GroupResource, name: string): ApiError {
    return status(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  alreadyExists(gr: GroupResource, name: string): ApiError {
    return status(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  /** optimistic concurrency failure, message as registry/generic/registry/store.go */
  conflict(gr: GroupResource, name: string, detail: string): ApiError {
    return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${detail}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  invalid(kind: string, group: string, name: string, message: string, causes: StatusCause[]): ApiError {
    return status(422, 'Invalid', message, { name, group: group || undefined, kind, causes });
  },
  badRequest(message: string): ApiError {
    return status(400, 'BadRequest', message);
  },
  unauthorized(): ApiError {
    return status(401, 'Unauthorized', 'Unauthorized');
  },
  forbidden(gr: GroupResource, name: string, message: string, causes?: StatusCause[]): ApiError {
    const subject = name ? `${qualified(gr)} "${name}"` : qualified(gr);
    return status(403, 'Forbidden', `${subject} is forbidden: ${message}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource, causes });
  },
  methodNotSupported(gr: GroupResource, verb: string): ApiError {
    return status(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(gr)}"`, { group: gr.group || undefined, kind: gr.resource });
  },
  notAcceptable(message: string): ApiError {
    return status(406, 'NotAcceptable', message);
  },
  unsupportedMediaType(contentType: string): ApiError {
    return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`, { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] });
  },
  tooLarge(limit: number): ApiError {
    return status(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  },
  /** 410: a resourceVersion or continue token older than the compaction point */
  gone(message: string): ApiError {
    return status(410, 'Expired', message);
  },
  resourceExpired(message: string): ApiError {
    return status(410, 'Expired', message);
  },
  timeout(message: string): ApiError {
    return status(504, 'Timeout', message);
  },
  serviceUnavailable(message: string): ApiError {
    return status(503, 'ServiceUnavailable', message);
  },
  internal(message: string): ApiError {
    return status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
  generic(code: number, reason: string, message: string, details?: Status['details']): ApiError {
    return status(code, reason, message, details);
  },
};
