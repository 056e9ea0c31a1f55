/**
 * The one error type for bad input. Readers throw it with a one-line reason; the ingest loop turns
 * it into a Rejection (path + reason) and goes on with the next file. Anything else that escapes a
 * reader is a bug in Storyline and is reported as such.
 */
export class InputError extends Error {
  constructor(
    readonly code: 'empty' | 'binary' | 'too-large' | 'unreadable' | 'malformed' | 'unsafe-xml' | 'no-text',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
