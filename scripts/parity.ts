/**
 * What the parity evaluation and its test share: fill stores from the same inputs by the real CLI —
 * SQLite in one thread, SQLite with worker threads, PostgreSQL with worker processes — and compare
 * what readers get from them (articles, stories, storylines, every brief as JSON, entities).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';

const BIN = new URL('../bin/storyline.js', import.meta.url).pathname;
const REPO = new URL('../', import.meta.url).pathname;

/** The listings compared, each as a command's standard output. */
export const VIEWS = [
  ['articles', '--json'],
  ['stories', '--json'],
  ['storylines', '--json'],
  ['entities', '--json'],
  ['brief', '--all', '--format', 'json'],
];

function run(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, STORYLINE_DB: undefined, ...env } });
  if (r.status !== 0) throw new Error(`storyline ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}

/** Ingest into a SQLite file with `workers` threads. */
export function fillSqlite(file: string, paths: string[], workers: number): void {
  run(['ingest', ...paths, '--db', file, '--workers', String(workers)]);
}

/**
 * Ingest into a PostgreSQL database with `processes` worker processes running beside the ingest
 * (which works on the queue too); the workers are stopped when the ingest has finished.
 */
export async function fillPostgres(url: string, paths: string[], processes: number): Promise<void> {
  const workers: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) workers.push(spawn(process.execPath, [BIN, 'worker', '--db', url, '--workers', '1'], { cwd: REPO, stdio: 'ignore' }));
  try {
    await new Promise<void>((resolve, reject) => {
      const ingest = spawn(process.execPath, [BIN, 'ingest', ...paths, '--db', url, '--workers', '1'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      ingest.stderr!.on('data', (d) => (err += d));
      ingest.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ingest into PostgreSQL exited ${code}: ${err.trim()}`))));
    });
  } finally {
    await Promise.all(workers.map((w) => new Promise((resolve) => {
      w.once('exit', resolve);
      w.kill('SIGTERM');
    })));
  }
}

/** Each view of a store (or those named): its size and digest (and the text, to show where two differ). */
export function views(db: string, only?: string[]): { view: string; text: string; digest: string }[] {
  return VIEWS.filter((args) => !only || only.includes(args.join(' '))).map((args) => {
    const text = run([...args, '--db', db]);
    return { view: args.join(' '), text, digest: createHash('sha256').update(text).digest('hex').slice(0, 16) };
  });
}

/** The first line where two texts differ, for a report. */
export function firstDifference(a: string, b: string): string {
  const [x, y] = [a.split('\n'), b.split('\n')];
  const i = x.findIndex((line, k) => line !== y[k]);
  const at = i < 0 ? Math.min(x.length, y.length) : i;
  return `line ${at + 1}: ${JSON.stringify(x[at]?.slice(0, 160))} vs ${JSON.stringify(y[at]?.slice(0, 160))}`;
}
