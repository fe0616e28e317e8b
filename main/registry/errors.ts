// Errors of the registry module (STYLE.md rule 6: errors are data).
//
// Two kinds: RegistryError is thrown inside the process (a bad layout, a bad option);
// DistributionError is what a client sees, in the error body of the OCI distribution
// spec (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes):
//   {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{...}}]}
// containerd and skopeo both parse that body: skopeo prints the code lower-cased
// ("manifest unknown: manifest unknown"), containerd turns a 404 on resolve into
// "<ref>: not found", which is what the kubelet reports as ErrImagePull.

export type RegistryErrorCode =
  | 'InvalidOption' // a bad option to startRegistry (e.g. a wildcard listen address)
  | 'LayoutInvalid'; // the OCI image layout is missing, malformed or incomplete

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The distribution-spec error codes this read-only registry can answer with, and their HTTP status. */
export const DISTRIBUTION_ERRORS = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  // Not in the OCI spec's table, but what Docker's registry (distribution) answers for a bad `n`.
  PAGINATION_NUMBER_INVALID: { status: 400, message: 'invalid number of results requested' },
  RANGE_INVALID: { status: 416, message: 'invalid content range' },
  UNSUPPORTED: { status: 405, message: 'The operation is unsupported.' },
} as const;

export type DistributionErrorCode = keyof typeof DISTRIBUTION_ERRORS;

export class DistributionError extends Error {
  override readonly name = 'DistributionError';
  readonly status: number;
  constructor(
    readonly code: DistributionErrorCode,
    readonly detail?: unknown,
  ) {
    super(DISTRIBUTION_ERRORS[code].message);
    this.status = DISTRIBUTION_ERRORS[code].status;
  }

  /** The body a client gets: one error in the spec's envelope. */
  toBody(): string {
    const error: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail !== undefined) error.detail = this.detail;
    return JSON.stringify({ errors: [error] });
  }
}
