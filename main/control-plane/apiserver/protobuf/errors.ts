// The module's named error. Messages follow the wording of the Go decoders that
// kube-apiserver runs (gogo-generated Unmarshal, runtime/serializer/protobuf), so a
// handler can put them into a 400 BadRequest Status unchanged.

export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

/** io.ErrUnexpectedEOF, which gogo returns for a truncated field or length */
export const UNEXPECTED_EOF = 'unexpected EOF';
