// A real store (SQLite, ingested by the real CLI) and a real server on 127.0.0.1 for the server's tests.
import { join } from 'node:path';
import { cli, REPO, SHARED, tempDir } from '../cli/run-cli.ts';
import { createServer, type ServeOptions } from '../../src/serve/server.ts';

export const HOSTILE = join(REPO, 'test/fixtures/web/hostile.json');

/** A store holding the seeds, the bundled examples and the hostile article. */
export function seededStore(): string {
  const db = join(tempDir(), 'web.db');
  const r = cli(['ingest', join(SHARED, 'corpora/seeds'), join(REPO, 'examples'), HOSTILE, '--db', db]);
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  return db;
}

export async function startServer(opts: ServeOptions) {
  const app = await createServer({ host: '127.0.0.1', ...opts });
  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: 0 });
  const port = new URL(address).port;
  return { base: `http://127.0.0.1:${port}`, close: () => app.close(), app };
}
