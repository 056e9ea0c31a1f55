/**
 * robots.txt for the pages the follower fetches (an item's linked page, a sitemap's articles). Takes a
 * page URL; gives whether Storyline may fetch it, and why not. Feeds themselves are fetched as a feed
 * reader fetches them: a user subscribed to them.
 *
 * Each site's robots.txt is fetched once a day (politely, as feeds are) and read by robots-parser
 * (Google's reading of RFC 9309: groups by user agent, longest match wins, `*` and `$`). As RFC 9309
 * says: a robots.txt that is missing (4xx) allows everything; one the server fails to give (5xx, no
 * answer) disallows everything until it can be read.
 */
import { createRequire } from 'node:module';
import { politeGet, type FetchOptions } from './fetch.ts';
import type { HostLimit } from './limit.ts';

interface Robots { isAllowed(url: string, ua?: string): boolean | undefined }
// A CommonJS module whose type declarations do not describe its export: required as what it is.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots;

/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'Storyline';
const DAY_MS = 86_400_000;

export type RobotsAnswer = { allowed: true } | { allowed: false; reason: string };

export interface RobotsCheck {
  (pageUrl: string): Promise<RobotsAnswer>;
}

/** A check that keeps each site's robots.txt for a day (one in flight per site). */
export function robotsCheck(opts: Pick<FetchOptions, 'allowPrivate' | 'timeoutMs'> & { limit?: HostLimit } = {}, now: () => number = Date.now): RobotsCheck {
  const limit: HostLimit = opts.limit ?? ((_url, fn) => fn());
  const sites = new Map<string, { at: number; rules: Promise<(url: string) => RobotsAnswer> }>();
  const rulesOf = async (origin: string): Promise<(url: string) => RobotsAnswer> => {
    const robotsUrl = `${origin}/robots.txt`;
    const answer = await limit(robotsUrl, () => politeGet(robotsUrl, { allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs, maxBytes: 512 * 1024, accept: 'text/plain, */*;q=0.5' }));
    if (answer.kind === 'ok') {
      const robots = robotsParser(robotsUrl, Buffer.from(answer.body).toString('utf8'));
      return (url) => (robots.isAllowed(url, ROBOTS_AGENT) === false ? { allowed: false, reason: `${robotsUrl} disallows it` } : { allowed: true });
    }
    if (answer.kind === 'failed' && answer.status !== undefined && answer.status >= 400 && answer.status < 500) return () => ({ allowed: true });
    const why = answer.kind === 'failed' ? answer.reason : 'no answer';
    return () => ({ allowed: false, reason: `${robotsUrl} could not be read (${why}): nothing is fetched from the site until it can` });
  };
  return async (pageUrl) => {
    let origin: string;
    try {
      origin = new URL(pageUrl).origin;
    } catch {
      return { allowed: false, reason: `not a URL: ${pageUrl}` };
    }
    let site = sites.get(origin);
    if (!site || now() - site.at > DAY_MS) {
      site = { at: now(), rules: rulesOf(origin) };
      sites.set(origin, site);
    }
    return (await site.rules)(pageUrl);
  };
}
