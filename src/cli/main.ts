/**
 * The `storyline` command line. An edge: parses arguments (node's util.parseArgs, no dependency
 * needed), opens the store, calls the stages, prints. Exit status: 0 ok, 1 some input rejected,
 * 2 usage error.
 */
import { parseArgs } from 'node:util';
import { openStore } from '../store/index.ts';
import { ingestPaths } from '../ingest/index.ts';
import type { Article } from '../records.ts';

const USAGE = `Usage:
  storyline ingest <path>... [--db FILE] [--max-size MB]   read files, folders or - (stdin) into the store
  storyline articles [--db FILE] [--json]                  list stored articles
  storyline show <article-id|ref> [--db FILE] [--json]     print one article

Options:
  --db FILE       SQLite store (default: $STORYLINE_DB or ./storyline.db; :memory: works)
  --max-size MB   skip input files larger than this (default 20)
  --json          machine-readable output
  -h, --help      this text`;

class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stderrIsTTY: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`storyline: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

function run(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dbFile = values.db ?? process.env.STORYLINE_DB ?? 'storyline.db';
  switch (command) {
    case 'ingest': {
      if (rest.length === 0) throw new UsageError('ingest needs at least one path (a file, a folder or -)');
      const maxMb = values['max-size'] === undefined ? 20 : Number(values['max-size']);
      if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size must be a positive number of MB, got ${values['max-size']}`);
      const store = openStore(dbFile);
      try {
        const progress = makeProgress(io);
        const counts = ingestPaths(store, rest, {
          maxBytes: Math.round(maxMb * 1024 * 1024),
          onRejection: (r) => {
            progress.clear();
            io.err(`rejected ${r.path}: ${r.reason}\n`);
          },
          onProgress: progress.update,
        });
        progress.clear();
        io.err(`ingested ${counts.ingested}, duplicates ${counts.duplicates}, rejected ${counts.rejected}\n`);
        return counts.rejected > 0 ? 1 : 0;
      } finally {
        store.close();
      }
    }
    case 'articles': {
      if (rest.length) throw new UsageError(`articles takes no arguments, got ${rest.join(' ')}`);
      const store = openStore(dbFile);
      try {
        const articles = store.listArticles();
        if (values.json) io.out(`${JSON.stringify(articles.map(presentArticle), null, 2)}\n`);
        else for (const a of articles) io.out(`${articleLine(a)}\n`);
        return 0;
      } finally {
        store.close();
      }
    }
    case 'show': {
      if (rest.length !== 1) throw new UsageError('show needs one article id or ref');
      const store = openStore(dbFile);
      try {
        const key = rest[0]!;
        const article = store.getArticle(key) ?? store.articlesByRef(key)[0] ?? null;
        if (!article) {
          io.err(`storyline: no article with id or ref ${key}\n`);
          return 1;
        }
        io.out(values.json ? `${JSON.stringify(presentArticle(article), null, 2)}\n` : renderArticle(article));
        return 0;
      } finally {
        store.close();
      }
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/** The public shape of an article: the record without internal fields, keys in a reader's order. */
export function presentArticle(a: Article) {
  return {
    id: a.id, ref: a.ref, url: a.url, outlet: a.outlet, title: a.title, publishedAt: a.publishedAt,
    lang: a.lang, author: a.author, duplicateOf: a.duplicateOf, text: a.text,
  };
}

function articleLine(a: Article): string {
  const date = (a.publishedAt ?? '—').slice(0, 10).padEnd(10);
  const dup = a.duplicateOf ? ` (copy of ${a.duplicateOf})` : '';
  return `${a.id}  ${date}  ${a.lang}  ${(a.outlet ?? '—').slice(0, 24).padEnd(24)}  ${a.title ?? `[${a.ref}]`}${dup}`;
}

function renderArticle(a: Article): string {
  const lines = [
    a.title ?? '(no title)',
    '',
    `id:        ${a.id}`,
    `ref:       ${a.ref}`,
    `outlet:    ${a.outlet ?? '—'}`,
    `published: ${a.publishedAt ?? '—'}`,
    `language:  ${a.lang}`,
  ];
  if (a.url) lines.push(`url:       ${a.url}`);
  if (a.author) lines.push(`author:    ${a.author}`);
  if (a.duplicateOf) lines.push(`copy of:   ${a.duplicateOf}`);
  return `${lines.join('\n')}\n\n${a.text}\n`;
}

/** Progress goes to a terminal only, and only once a run is long enough to need it. */
function makeProgress(io: Io) {
  const MIN_FILES = 200;
  let shown = false;
  let last = 0;
  return {
    update(p: { files: number; ingested: number; duplicates: number; rejected: number }) {
      if (!io.stderrIsTTY || p.files < MIN_FILES) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.err(`\r${p.files} files read — ingested ${p.ingested}, duplicates ${p.duplicates}, rejected ${p.rejected}`);
    },
    clear() {
      if (shown) io.err('\r\x1b[K');
      shown = false;
    },
  };
}
