/**
 * `storyline serve`: the web app and the JSON API on one address (127.0.0.1:4173 by default) until
 * stopped. On another address it refuses to start without STORYLINE_TOKEN, which writes then need.
 * With --follow it also runs the follower (polls, ingests, webhook deliveries) in the same process.
 */
import { noArguments, str, UsageError, type CommandContext } from '../io.ts';
import { safeUrl } from '../../store/postgres/index.ts';
import { followOptions, runFollower } from './follow.ts';

export async function serve({ rest, values, dbFile, write, io }: CommandContext): Promise<number> {
  noArguments('serve', rest);
  // Loaded here: the other commands do not pay for the HTTP stack at start.
  const { createServer, DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_PORT } = await import('../../serve/server.ts');
  const port = str(values.port) === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0 picks a free one), got ${values.port}`);
  const host = str(values.host) ?? DEFAULT_HOST;
  const maxBody = str(values['max-body']);
  const maxMb = maxBody === undefined ? DEFAULT_MAX_BODY / 1048576 : Number(maxBody);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-body must be a positive number of MB, got ${maxBody}`);
  const following = values.follow === true;
  if (following && dbFile === ':memory:') throw new UsageError('serve --follow needs a store on disk or PostgreSQL, not :memory:');
  const app = await createServer({ db: dbFile, host, port, token: process.env.STORYLINE_TOKEN ?? null, maxBodyBytes: Math.round(maxMb * 1048576), writerWaitMs: write.waitMs });
  const address = await app.listen({ host, port });
  io.err(`storyline serving ${safeUrl(dbFile)} at ${address.replace('[::1]', 'localhost')}${following ? ', following its sources' : ''}  (Ctrl-C stops it)\n`);
  let stopped = false;
  // --follow: the follower runs in this process beside the server, as `storyline follow` would.
  const follower = following ? runFollower(dbFile, write, followOptions(values), io, { once: false, stopped: () => stopped }) : Promise.resolve(false);
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stopped = true;
      void Promise.all([app.close(), follower]).then(() => resolve(), reject);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // A follower that stops on its own (an unusable store) stops the server with its error.
    follower.catch((e) => void app.close().finally(() => reject(e)));
  });
  return 0;
}
