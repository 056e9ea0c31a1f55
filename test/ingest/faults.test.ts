// Faults on PostgreSQL, with real processes: workers and the holder of the assignment lease killed
// with SIGKILL at several moments of a 20,000-article ingest, and the PostgreSQL server restarted
// mid-run. After each: every article stored once and in exactly one story, no analysis saved twice
// for the same story and signature, and the same articles, stories and storylines as one SQLite
// process gives uninterrupted.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { fillSqlite, firstDifference, views } from '../../scripts/parity.ts';
import { LOCKS } from '../../src/store/postgres/index.ts';
import { BIN, REPO, SHARED, tempDir } from '../cli/run-cli.ts';
import { embeddedServer, stopTestServer, testDatabase } from '../store/postgres-server.ts';

after(stopTestServer);

/** `articles` text articles (four wikiref220 paragraphs each, dated over two months) in JSONL files of 100. */
function writeCorpus(dir: string, articles: number): void {
  const source = `${SHARED}corpora/wikiref220`;
  const paras = readdirSync(source).sort().flatMap((f) => readFileSync(join(source, f), 'utf8').split(/\n\s*\n/).filter((p) => p.length > 80));
  let seed = 7;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < articles / 100; f++) {
    const lines = Array.from({ length: 100 }, (_, k) => {
      const i = f * 100 + k;
      const day = new Date(Date.UTC(2026, 0, 1 + (i % 60))).toISOString().slice(0, 10);
      return JSON.stringify({ id: `a${i}`, title: `Report ${i} on the week's events`, publishedAt: day, outlet: `Outlet ${i % 7}`, text: [0, 1, 2, 3].map(() => paras[next(paras.length)]).join('\n\n') });
    });
    writeFileSync(join(dir, `part-${String(f).padStart(4, '0')}.jsonl`), `${lines.join('\n')}\n`);
  }
}

const VIEWS_COMPARED = ['articles --json', 'stories --json', 'storylines --json'];

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(url);
  // A restart of the server drops this connection too: the query fails, the test goes on.
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Worker processes, and the ingest, each a real `storyline` process. */
function processes(url: string) {
  const live = new Set<ChildProcess>();
  const failures: string[] = [];
  const start = (args: string[]) => {
    const p = spawn(process.execPath, [BIN, ...args, '--db', url, '--workers', '1'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<{ code: number | null; err: string }>((resolve) => p.once('exit', (code, signal) => {
      // A process that stopped by itself with an error (not killed by the test) is a failure to report.
      if (code && signal === null) failures.push(`storyline ${args[0]} exited ${code}: ${err.trim().split('\n').slice(-6).join(' | ')}`);
      resolve({ code, err });
    }));
    live.add(p);
    void exited.then(() => live.delete(p));
    return { p, exited };
  };
  return {
    worker: () => start(['worker']),
    ingest: (path: string) => start(['ingest', path]),
    /** The OS pid of the process holding the assignment lease, or null. */
    async leaseHolder(): Promise<number | null> {
      const rows = await sql<{ name: string }>(url, `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.granted`, [LOCKS.lease]);
      const m = /^storyline (\d+)$/.exec(rows[0]?.name ?? '');
      return m ? Number(m[1]) : null;
    },
    /** How many Storyline processes are connected to the database. */
    async connected(): Promise<number> {
      const [r] = await sql<{ n: number }>(url, "SELECT COUNT(DISTINCT application_name)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'storyline %'");
      return r!.n;
    },
    /** Fail at once when a process died of an error rather than wait for work that no one will do. */
    check() {
      assert.deepEqual(failures, [], 'no process fails');
    },
    kill(pid: number) {
      for (const p of live) if (p.pid === pid) p.kill('SIGKILL');
    },
    others: (pid: number | null) => [...live].filter((p) => p.pid !== pid && p.spawnargs.includes('worker')),
    async stopAll() {
      await Promise.all([...live].map((p) => new Promise((resolve) => {
        p.once('exit', resolve);
        p.kill('SIGTERM');
      })));
    },
  };
}

async function progress(url: string): Promise<{ stored: number; total: number; settled: boolean; open: boolean }> {
  const [r] = await sql<{ stored: number; total: number; settled: string; open: boolean }>(url, `SELECT
    (SELECT COUNT(*) FROM ingest_inputs WHERE state = 'stored')::int AS stored, (SELECT COUNT(*) FROM ingest_inputs)::int AS total,
    (SELECT value FROM store_meta WHERE key = 'settled') AS settled, EXISTS (SELECT 1 FROM ingest_runs WHERE open) AS open`);
  return { stored: r!.stored, total: r!.total, settled: Number(r!.settled) === 1, open: r!.open };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What must hold after any faults: each article once and in one story, no analysis saved twice, the uninterrupted grouping. */
async function checkAgainst(url: string, reference: string): Promise<void> {
  const want = views(reference, VIEWS_COMPARED);
  const articles = (JSON.parse(want[0]!.text) as unknown[]).length;
  const [counts] = await sql<{ articles: number; members: number; unassigned: number; twice: number; unanalyzed: number }>(url, `SELECT
    (SELECT COUNT(*) FROM articles)::int AS articles, (SELECT COUNT(*) FROM story_members)::int AS members,
    (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id))::int AS unassigned,
    (SELECT COUNT(*) FROM analysis_log WHERE saves > 1)::int AS twice,
    (SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_analysis a WHERE a.story_id = s.id))::int AS unanalyzed`);
  assert.equal(counts!.articles, articles, 'every article stored once');
  assert.equal(counts!.members, articles, 'one membership per article');
  assert.equal(counts!.unassigned, 0, 'every article in a story');
  assert.equal(counts!.twice, 0, 'no analysis saved twice for the same story and signature');
  assert.equal(counts!.unanalyzed, 0, 'every story analyzed');
  const got = views(url, VIEWS_COMPARED);
  for (const [i, v] of want.entries()) assert.equal(got[i]!.digest, v.digest, `${v.view}: ${firstDifference(v.text, got[i]!.text)}`);
}

test('3 workers ingest 20,000 articles into PostgreSQL while workers and the lease holder are killed with SIGKILL', { timeout: 1_800_000 }, async () => {
  const dir = tempDir();
  const corpus = join(dir, 'corpus');
  writeCorpus(corpus, 20_000);
  const reference = join(dir, 'reference.db');
  fillSqlite(reference, [corpus], 1);
  const url = await testDatabase();
  const run = processes(url);
  try {
    for (let i = 0; i < 3; i++) run.worker();
    // An idle worker lets the lease go between rounds: wait for the three to be connected instead.
    while ((await run.connected()) < 3) (run.check(), await sleep(100));
    const ingest = run.ingest(corpus);
    // Kills once the run is queued, at these shares of its files stored; the last one once all are stored (analysis).
    const kills: { at: number; whom: 'worker' | 'lease holder' }[] = [
      { at: 0.1, whom: 'worker' }, { at: 0.3, whom: 'lease holder' }, { at: 0.6, whom: 'lease holder' }, { at: 0.8, whom: 'worker' }, { at: 1, whom: 'lease holder' },
    ];
    const done: string[] = [];
    for (;;) {
      run.check();
      const p = await progress(url);
      if (p.total && !p.open && p.stored === p.total && p.settled && !kills.length) break;
      const next = kills[0];
      if (next && p.total && !p.open && p.stored / p.total >= next.at) {
        const holder = await run.leaseHolder();
        const victim = next.whom === 'lease holder' ? holder : run.others(holder)[0]?.pid ?? null;
        if (victim !== null) {
          run.kill(victim);
          done.push(`${next.whom} at ${Math.round((p.stored / p.total) * 100)} %`);
          kills.shift();
          run.worker();
        }
      }
      await sleep(200);
    }
    assert.equal(done.length, 5, `kills made: ${done.join(', ')}`);
    // The ingest process finishes (unless it was the lease holder killed).
    const ended = await Promise.race([ingest.exited, sleep(60_000).then(() => null)]);
    if (ended) assert.ok(ended.code === 0 || ended.code === null, `ingest: ${ended.err}`);
  } finally {
    await run.stopAll();
  }
  await checkAgainst(url, reference);
});

test('PostgreSQL restarted mid-run: workers and the ingest reconnect and finish with the uninterrupted result', { timeout: 600_000 }, async (t) => {
  const server = await embeddedServer();
  if (!server) {
    t.diagnostic('STORYLINE_TEST_PG names a server this test cannot restart: the restart is tested on the embedded one only');
  }
  const dir = tempDir();
  const corpus = join(dir, 'corpus');
  writeCorpus(corpus, 2_000);
  const reference = join(dir, 'reference.db');
  fillSqlite(reference, [corpus], 1);
  const url = await testDatabase();
  const run = processes(url);
  try {
    for (let i = 0; i < 2; i++) run.worker();
    const ingest = run.ingest(corpus);
    let restarted = false;
    while (!restarted) {
      run.check();
      const p = await progress(url).catch(() => null);
      if (p && p.total && !p.open && p.stored / p.total >= 0.4) {
        if (server) await server.restart(1500);
        restarted = true;
      }
      await sleep(100);
    }
    const ended = await ingest.exited;
    assert.equal(ended.code, 0, ended.err);
    if (server) assert.match(ended.err, /PostgreSQL did not answer .*; retrying/, 'the ingest saw the restart and went on');
  } finally {
    await run.stopAll();
  }
  await checkAgainst(url, reference);
});
