/**
 * Connections to PostgreSQL (node-postgres). 64-bit integers come back as numbers: every one the store
 * keeps (counts, sequence numbers, LSH keys below 2^38) is far below 2^53.
 */
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//i.test(db);

export function createPool(url: string, max = 4): pg.Pool {
  // The process id in the connection's name: an operator (and the fault tests) can tell which process holds the lease.
  const pool = new pg.Pool({ connectionString: url, max, application_name: `storyline ${process.pid}` });
  // An idle connection that the server dropped (a restart) is replaced on next use; its error must not
  // end the process.
  pool.on('error', () => {});
  return pool;
}

/** Run fn in one transaction on a connection of the pool; rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await checkOut(pool);
  let broken: Error | undefined;
  try {
    return await transaction(client, () => fn(client), begin);
  } catch (e) {
    // A connection that failed mid-transaction is not given back to the pool for reuse.
    broken = e as Error;
    throw e;
  } finally {
    client.release(broken && isBroken(broken) ? broken : undefined);
  }
}

/**
 * A connection of the pool, listened to while it is out: a connection the server drops between two
 * queries (a restart while the work between them runs) must fail its next query, not the process.
 */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (!client.listenerCount('error')) client.on('error', () => {});
  return client;
}

/** Run fn in one transaction on the given connection; rolled back when it throws. */
export async function transaction<T>(client: pg.ClientBase, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

const isBroken = (e: Error & { code?: string }) => !/^[0-9A-Z]{5}$/.test(e.code ?? '') || e.code!.startsWith('08') || e.code!.startsWith('57');
