/**
 * Command-line paths → the input files they name, in a stable order: a folder is read recursively,
 * entries sorted by name (code-point order, the same on every machine), hidden entries skipped, each
 * real directory visited once even through symlinks. Paths keep the form the user typed them in.
 */
import { isUtf8 } from 'node:buffer';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Rejection } from '../records.ts';

export interface InputFile {
  /** The path as shown and stored (a name that is not UTF-8 shows its other bytes as `\xE9`). */
  path: string;
  /** The path as the file system knows it: bytes where the name is not UTF-8. */
  fsPath: string | Buffer;
  size: number;
}

export function* walkInputs(args: string[], onProblem: (r: Rejection) => void): Generator<InputFile> {
  const visited = new Set<string>();
  for (const arg of args) yield* walk(arg, true, visited, onProblem);
}

function* walk(fsPath: string | Buffer, explicit: boolean, visited: Set<string>, onProblem: (r: Rejection) => void): Generator<InputFile> {
  const path = typeof fsPath === 'string' ? fsPath : shownPath(fsPath);
  let st;
  try {
    st = statSync(fsPath);
  } catch (e) {
    onProblem({ path, reason: describeFsError(e) });
    return;
  }
  if (st.isFile()) {
    yield { path, fsPath, size: st.size };
    return;
  }
  if (!st.isDirectory()) {
    if (explicit) onProblem({ path, reason: 'not a regular file or directory' });
    return;
  }
  let real: string;
  let names: Buffer[];
  try {
    real = realpathSync(fsPath, { encoding: 'buffer' }).toString('latin1');
    if (visited.has(real)) return;
    visited.add(real);
    // Names as bytes: a name that is not valid UTF-8 (a Latin-1 "été") would otherwise come back with
    // U+FFFD in it, and that path does not exist.
    names = readdirSync(fsPath, { encoding: 'buffer' });
  } catch (e) {
    onProblem({ path, reason: describeFsError(e) });
    return;
  }
  names.sort(Buffer.compare);
  for (const name of names) {
    if (name[0] === 0x2e) continue; // hidden
    const child = isUtf8(name) && typeof fsPath === 'string' ? join(fsPath, name.toString('utf8')) : Buffer.concat([Buffer.from(fsPath), Buffer.from(sep), name]);
    yield* walk(child, false, visited, onProblem);
  }
}

/** A path of bytes as text: UTF-8 where it is, each other byte as `\xHH`. */
export function shownPath(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const len = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    const piece = len ? bytes.subarray(i, i + len) : null;
    if (piece && piece.length === len && isUtf8(piece)) {
      out += piece.toString('utf8');
      i += len;
    } else {
      out += `\\x${lead.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return code ? `cannot read (${code})` : `cannot read (${(e as Error).message})`;
  }
}
