// One named error class for the PKI module (STYLE.md rule 6: errors are data).

export type PkiErrorCode =
  | 'InvalidArgument' // bad input from the caller: empty CN, malformed IP, unknown signer
  | 'InvalidKubeconfig' // a kubeconfig that does not parse or lacks the entries asked for
  | 'NoIdentity'; // a client certificate without a common name authenticates nobody

export class PkiError extends Error {
  override readonly name = 'PkiError';
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
