/**
 * The `storyline` command line. An edge: parses arguments (node's util.parseArgs, no dependency
 * needed) and hands them to one command each (src/cli/commands), which call the application core
 * (src/app) as the server does. Exit status: 0 ok, 1 some input rejected or nothing with that id, 2
 * usage error or a store that cannot be used (one line naming the file and the reason).
 */
import { parseArgs } from 'node:util';
import { WRITER_WAIT_MS } from '../store/index.ts';
import { StoreError } from '../store/store-error.ts';
import { AppError } from '../app/errors.ts';
import { DEFAULT_WORDS } from '../brief/index.ts';
import { oneLine, UsageError, type Command, type Io } from './io.ts';
import { ingest } from './commands/ingest.ts';
import { articles } from './commands/articles.ts';
import { show } from './commands/show.ts';
import { stories } from './commands/stories.ts';
import { storylines } from './commands/storylines.ts';
import { recluster } from './commands/recluster.ts';
import { brief } from './commands/brief.ts';
import { watch } from './commands/watch.ts';
import { run } from './commands/run.ts';
import { evaluate } from './commands/eval.ts';
import { search } from './commands/search.ts';
import { entities } from './commands/entities.ts';
import { upgrade } from './commands/upgrade.ts';
import { serve } from './commands/serve.ts';
import { worker } from './commands/worker.ts';
import { follow, sources } from './commands/follow.ts';

export type { Io } from './io.ts';
export { oneLine } from './io.ts';

const USAGE = `Usage:
  storyline ingest <path>... [--db FILE] [--max-size MB] [--workers N]
                                                           read files, folders or - (stdin) into the store
  storyline serve [--db FILE] [--port N] [--host ADDR] [--max-body MB] [--follow [--allow-private] [--timeout D]]
                                                           the web app and JSON API (default http://127.0.0.1:4173)
  storyline stories [--db FILE] [--json] [filters] [--sort oldest|newest|coverage] [--page N --limit N]
                                                           list stories (built as articles are ingested)
  storyline storylines [--db FILE] [--json]                list storylines
  storyline brief <story-id>|--all [--db FILE] [--format md|html|json] [--words N] [--since TIME]
                                                           each story's brief: cited summary, what each outlet adds,
                                                           facts, conflicts, quotes, timeline, people, sources; with
                                                           --since, what changed since then first (--all: only the
                                                           stories that changed)
  storyline search <query> [--db FILE] [--json] [filters] [--page N --limit N]
                                                           full-text search over the articles, with their stories
  storyline entities [--db FILE] [--json] [--type person|org|place] [--prefix NAME]
                                                           people, organisations and places across stories
  storyline articles [--db FILE] [--json]                  list stored articles
  storyline show <article-id|ref> [--db FILE] [--json]     print one article
  storyline recluster [--db FILE] [--workers N]            rebuild every story and storyline from the stored articles
  storyline upgrade [--db FILE] [--workers N]              bring an older store up to date; finish what a killed run left
  storyline worker --db postgres://… [--workers N]         share a PostgreSQL store's work with other processes, until stopped
  storyline follow [<feed-url|folder>...] [--db FILE] [--once] [--every DURATION] [--allow-private] [--timeout DURATION]
                                                           poll the store's sources (and these, added first) as they fall
                                                           due and ingest what is new, until stopped (--once: each once)
  storyline sources add <feed-url|folder>... [--every DURATION] | list [--json] | remove <id|address>...
                    | import <file.opml> | export
                                                           the sources follow polls, with their state and last error;
                                                           OPML in and out
  storyline watch add <word|name>... [--outlet NAME]... [--lang CODE]... [--min-outlets N] [--name NAME]
                  [--webhook URL [--secret S]] | list [--json] | remove <id|name> | alerts <id|name> [--json]
                  | feed <id|name> [--host URL] | deliver [--allow-private]
                                                           saved queries: an alert when a matching story appears, gains
                                                           an outlet or a conflict, or a fact reaches N outlets (default
                                                           3); as an Atom feed (serve: /watchlists/ID/feed.atom) and
                                                           signed webhook POSTs, retried (follow delivers them too)
  storyline run <path>... [--format md|html|json] [--words N] [--workers N]
                                                           ingest into a temporary store and brief every story
  storyline eval clusters <path>... --gold FILE [--level story|storyline] [--explain] [--floor F1]
                                                           score the grouping of the paths against ref<TAB>label lines
  storyline eval summary <dataset.jsonl>... [--words N] [--floor F1] [--explain]
                                                           ROUGE-1/2 of each story's summary against reference summaries
  storyline eval analysis <gold.json>... [--floors FILE] [--explain]
                                                           score the analysis against annotated stories (eval/analysis)

Filters (stories, search): --from DAY --to DAY --outlet NAME --lang CODE --entity ID --storyline ID

Options:
  --db FILE|URL   the store: an SQLite file (default: $STORYLINE_DB or ./storyline.db; :memory: works),
                  or a PostgreSQL database, postgres://user:password@host:5432/db (every command)
  --max-size MB   skip input files larger than this (default 20)
  --workers N     worker threads that read, clean and sign files and analyze stories while one thread
                  writes the store, in the inputs' order (default: one per core but the writer's, so 1
                  on two cores; 1 does all in one thread). The store, its stories and briefs are the
                  same for any N
  --wait SECONDS  how long ingest, recluster and upgrade wait for another process writing to the
                  store (default 30); then they stop with exit status 2. Reads never wait.
  --every D       how often follow starts polling a new source (90s, 15m, 2h, 1d; default 15m for a feed,
                  5s for a folder); it then polls a feed with news more often and a quiet one less often
                  (1 minute to 6 hours)
  --allow-private let follow fetch from private, loopback and link-local addresses (refused by default)
  --since TIME    a date, an ISO time, or a duration back from now (6h, 2d)
  --format F      brief as md (default), html (one self-contained page) or json
  --words N       word budget of each summary (default ${DEFAULT_WORDS})
  --json          machine-readable output (the same shapes as the HTTP API)
  -h, --help      this text`;

const COMMANDS: Record<string, Command> = {
  ingest, serve, stories, storylines, brief, search, entities, articles, show, recluster, upgrade, run, worker, follow, sources, watch, eval: evaluate,
};

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`storyline: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof StoreError) {
      io.err(`storyline: ${oneLine(e.message)}\n`);
      return 2;
    }
    if (e instanceof AppError) {
      io.err(`storyline: ${oneLine(e.message)}\n`);
      return e.status >= 500 ? 2 : 1;
    }
    throw e;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-size': { type: 'string' },
      workers: { type: 'string' },
      wait: { type: 'string' },
      storyline: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      outlet: { type: 'string', multiple: true },
      lang: { type: 'string', multiple: true },
      since: { type: 'string' },
      name: { type: 'string' },
      webhook: { type: 'string' },
      secret: { type: 'string' },
      'min-outlets': { type: 'string' },
      entity: { type: 'string' },
      sort: { type: 'string' },
      page: { type: 'string' },
      limit: { type: 'string' },
      type: { type: 'string' },
      prefix: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'max-body': { type: 'string' },
      gold: { type: 'string' },
      level: { type: 'string' },
      explain: { type: 'boolean', default: false },
      floor: { type: 'string' },
      floors: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string' },
      words: { type: 'string' },
      once: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      every: { type: 'string' },
      'allow-private': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dbFile = values.db ?? process.env.STORYLINE_DB ?? 'storyline.db';
  const waitSeconds = values.wait === undefined ? WRITER_WAIT_MS / 1000 : Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait must be a number of seconds, got ${values.wait}`);
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) throw new UsageError(`unknown command ${command}`);
  return handler({ rest, values, dbFile, write: { access: 'write', waitMs: waitSeconds * 1000 }, io });
}
