/**
 * Command-line paths → the input files they name, in a stable order: a folder is read recursively,
 * entries sorted by name (code-point order, the same on every machine), hidden entries skipped, each
 * real directory visited once even through symlinks. Paths keep the form the user typed them in.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Rejection } from '../records.ts';

export interface InputFile {
  path: string;
  size: number;
}

export function* walkInputs(args: string[], onProblem: (r: Rejection) => void): Generator<InputFile> {
  const visited = new Set<string>();
  for (const arg of args) yield* walk(arg, true, visited, onProblem);
}

function* walk(path: string, explicit: boolean, visited: Set<string>, onProblem: (r: Rejection) => void): Generator<InputFile> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    onProblem({ path, reason: describeFsError(e) });
    return;
  }
  if (st.isFile()) {
    yield { path, size: st.size };
    return;
  }
  if (!st.isDirectory()) {
    if (explicit) onProblem({ path, reason: 'not a regular file or directory' });
    return;
  }
  let real: string;
  let names: string[];
  try {
    real = realpathSync(path);
    if (visited.has(real)) return;
    visited.add(real);
    names = readdirSync(path);
  } catch (e) {
    onProblem({ path, reason: describeFsError(e) });
    return;
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (name.startsWith('.')) continue;
    yield* walk(join(path, name), false, visited, onProblem);
  }
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
