// Runs the real `storyline` command in a child process, as a user would.
import { spawnSync, spawn, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = new URL('../../bin/storyline.js', import.meta.url).pathname;
export const REPO = new URL('../../', import.meta.url).pathname;
export const SHARED = new URL('../../../shared/', import.meta.url).pathname;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO, ...opts, env: { ...process.env, STORYLINE_DB: undefined, ...opts.env } });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function cliAsync(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The CLI in its own process without blocking this one: a server of the test's own must go on answering meanwhile. */
export function cliLive(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, STORYLINE_DB: undefined } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function tempDir(prefix = 'storyline-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

export function lastLine(s: string): string {
  return s.trim().split('\n').pop() ?? '';
}
