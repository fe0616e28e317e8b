// The module's named error. Messages follow the wording of the Go decoders that
// kube-apiserver runs (gogo-generated Unmarshal, runtime/serializer/protobuf).

export interface DecodedKind {
  apiVersion: string;
  kind: string;
}

export class ProtobufDecodeError extends Error {
  /**
   * The envelope's kind when the object itself failed to decode, so a handler can word the
   * 400 as kube-apiserver's transformDecodeError does:
   * `Deployment in version "v1" cannot be handled as a Deployment: <message>`.
   */
  readonly decodedKind: DecodedKind | undefined;

  constructor(message: string, decodedKind?: DecodedKind) {
    super(message);
    this.name = 'ProtobufDecodeError';
    this.decodedKind = decodedKind;
  }
}

/** io.ErrUnexpectedEOF, which gogo returns for a truncated field or length */
export const UNEXPECTED_EOF = 'unexpected EOF';
