/**
 * The application's typed errors: what a use case refuses, with a code a program can test, the HTTP
 * status the server answers with, and a one-line message a person can act on. The CLI prints the
 * message (exit 1 for what the user asked wrong, 2 for a store that cannot be used); the server sends
 * `{ code, message }` with the status. Never a stack trace.
 */
import { StoreError } from '../store/store-error.ts';

export type AppErrorCode =
  | 'not-found' | 'bad-request' | 'payload-too-large' | 'unsupported-media-type' | 'unauthorized'
  | 'read-only' | 'busy' | 'store-unusable';

const STATUS: Record<AppErrorCode, number> = {
  'not-found': 404,
  'bad-request': 400,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unauthorized: 401,
  'read-only': 403,
  busy: 503,
  'store-unusable': 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(readonly code: AppErrorCode, message: string) {
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: string, id: string) => new AppError('not-found', `no ${what} with id ${JSON.stringify(id).slice(1, -1)}`);
export const badRequest = (message: string) => new AppError('bad-request', message);

/** A store failure as the application reports it: another writer is busy (try again), or the store cannot be used. */
export function fromStoreError(e: StoreError): AppError {
  return new AppError(e.code === 'busy' ? 'busy' : 'store-unusable', e.message);
}
