/**
 * The read contract (`../contract.ts`) over PostgreSQL: the same questions as SQLite's reads
 * (`../index.ts`, `../queries.ts`), asked as SQL of PostgreSQL, with the same orders (text columns
 * compare bytewise, `COLLATE "C"`), so a use case gives the same answer from either backend. Full-text
 * search goes through the `search` tsvector (accent-folded words, GIN index). Reads only.
 */
import { postgresRevisions } from '../revisions.ts';
import type { Article } from '../../records.ts';
import { dateReach, type ClaimReach, type ClaimRecord } from '../../analyze/corroborate.ts';
import type { ListedStory, StoreReader } from '../contract.ts';
import { MARK_CLOSE, MARK_OPEN, type HitRow, type MemberRow, type StoryFilter, type StoryRow } from '../queries.ts';
import { foldForSearch } from './search-text.ts';
import { claimsByStory } from '../index.ts';
import type { Queryable } from './pool.ts';

const ARTICLE_COLUMNS = 'a.id, a.ref, a.path, a.url, a.outlet, a.title, a.published_at, a.lang, a.author, a.text, a.duplicate_of';
const STORY_COLUMNS = `s.id, s.storyline_id AS "storylineId", s.headline, s.first_published AS "firstPublished",
  s.last_published AS "lastPublished", s.article_count AS "articleCount"`;
const MEMBER_COLUMNS = `a.id, a.ref, a.title, a.publisher, a.outlet, a.url, a.lang, a.published_at AS "publishedAt", a.duplicate_of AS "duplicateOf"`;

interface ArticleRow {
  id: string; ref: string; path: string; url: string | null; outlet: string | null; title: string | null;
  published_at: string | null; lang: string; author: string | null; text: string; duplicate_of: string | null;
}

export const toArticle = (r: ArticleRow): Article => ({
  id: r.id, ref: r.ref, path: r.path, url: r.url, outlet: r.outlet, title: r.title, publishedAt: r.published_at,
  lang: r.lang, author: r.author, text: r.text, duplicateOf: r.duplicate_of,
});

const dayAfter = (day: string) => new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Conditions on stories `s` for a filter, with their parameters numbered from `params.length + 1`. */
function storyConditions(f: StoryFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.from) where.push(`s.last_published >= ${p(f.from)}`);
  if (f.to) where.push(`s.first_published < ${p(dayAfter(f.to))}`);
  if (f.storyline) where.push(`s.storyline_id = ${p(f.storyline)}`);
  if (f.publisher) where.push(`s.id IN (SELECT story_id FROM story_facets WHERE kind = 'publisher' AND value = ${p(f.publisher)})`);
  if (f.lang) where.push(`s.id IN (SELECT story_id FROM story_facets WHERE kind = 'lang' AND value = ${p(f.lang)})`);
  if (f.entity) where.push(`s.id IN (SELECT story_id FROM story_entities WHERE entity = ${p(f.entity)})`);
  return where;
}

/**
 * The tsquery for a query in the FTS5 form `ftsQuery` writes: "quoted phrases" (a trailing * for a
 * prefix), side by side for AND, OR between them. The precedence is the same in both (AND before OR).
 */
export function tsQueryOf(match: string): string {
  const parts: string[] = [];
  for (const m of match.matchAll(/"([^"]*)"(\*)?|\bOR\b/g)) {
    if (m[0] === 'OR') {
      parts.push('|');
      continue;
    }
    const words = foldForSearch(m[1]!).split(/\s+/).filter(Boolean).map((w) => `'${w.replace(/'/g, "''")}'`);
    if (!words.length) continue;
    if (m[2]) words[words.length - 1] += ':*';
    if (parts.length && parts.at(-1) !== '|') parts.push('&');
    parts.push(words.length > 1 ? `(${words.join(' <-> ')})` : words[0]!);
  }
  return parts.join(' ');
}

const groupBy = <T>(rows: T[], key: (r: T) => string, into = new Map<string, T[]>()) => {
  for (const r of rows) {
    const k = key(r);
    const list = into.get(k);
    if (list) list.push(r);
    else into.set(k, [r]);
  }
  return into;
};

export function postgresReader(db: Queryable, snapshot: StoreReader['snapshot']): StoreReader {
  const rows = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
  const one = async <T>(sql: string, params: unknown[] = []) => ((await db.query(sql, params)).rows[0] as T | undefined) ?? null;
  const value = async <T>(sql: string, params: unknown[] = []) => {
    const r = (await db.query({ text: sql, values: params, rowMode: 'array' })).rows[0] as T[] | undefined;
    return r ? r[0]! : null;
  };
  const book = postgresRevisions(db);
  return {
    backend: 'postgres',
    snapshot,
    storyRevisions: book.revisions,
    watchlists: book.watchlists,
    watchAlerts: book.alerts,
    stats: async () => (await one<{ articles: number; stories: number; storylines: number }>(`SELECT (SELECT COUNT(*) FROM articles)::int AS articles,
      (SELECT COUNT(*) FROM stories)::int AS stories, (SELECT COUNT(*) FROM storylines)::int AS storylines`))!,
    storyRow: (id) => one<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id = $1`, [id]),
    async resolveStoryId(id) {
      return (await value<string>('SELECT id FROM stories WHERE id = $1', [id])) ?? value<string>('SELECT story_id FROM story_aliases WHERE old_id = $1', [id]);
    },
    storylineOf: (storyId) => value<string>('SELECT storyline_id FROM stories WHERE id = $1', [storyId]),
    async listStories(storylineId) {
      const line = storylineId === undefined ? [] : [storylineId];
      const list = await rows<{ id: string; storyline_id: string; headline: string | null; first_published: string | null; last_published: string | null }>(
        `SELECT id, storyline_id, headline, first_published, last_published FROM stories ${line.length ? 'WHERE storyline_id = $1' : ''}
         ORDER BY first_published IS NULL, first_published, id`, line);
      const members = groupBy(await rows<{ story_id: string; id: string; ref: string; outlet: string | null }>(
        `SELECT m.story_id, a.id, a.ref, a.outlet FROM story_members m JOIN articles a ON a.id = m.article_id
         ${line.length ? 'WHERE m.story_id IN (SELECT id FROM stories WHERE storyline_id = $1)' : ''}
         ORDER BY a.published_at IS NULL, a.published_at, a.seq`, line), (m) => m.story_id);
      const merged = groupBy(await rows<{ old_id: string; story_id: string }>('SELECT old_id, story_id FROM story_aliases ORDER BY old_id'), (a) => a.story_id);
      return list.map((r): ListedStory => {
        const arts = members.get(r.id) ?? [];
        return {
          id: r.id, storylineId: r.storyline_id, headline: r.headline, firstPublished: r.first_published, lastPublished: r.last_published,
          articleIds: arts.map((a) => a.id), articleRefs: arts.map((a) => a.ref), mergedIds: (merged.get(r.id) ?? []).map((a) => a.old_id),
          outlets: [...new Set(arts.map((a) => a.outlet).filter((o): o is string => !!o))],
        };
      });
    },
    async queryStories(f, sort, offset, limit) {
      const params: unknown[] = [];
      const where = storyConditions(f, params);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // SQLite puts NULL first in ascending order (last in descending); PostgreSQL the other way round.
      const order = sort === 'coverage' ? 's.article_count DESC, s.last_published DESC NULLS LAST, s.id'
        : sort === 'oldest' ? 's.first_published IS NULL, s.first_published, s.id' : 's.last_published DESC NULLS LAST, s.id';
      const total = (await value<number>(`SELECT COUNT(*)::int FROM stories s ${clause}`, params))!;
      const page = await rows<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories s ${clause} ORDER BY ${order} LIMIT ${limit < 0 ? 'ALL' : Number(limit)} OFFSET ${Number(offset)}`, params);
      return { total, rows: page };
    },
    async membersOf(storyIds) {
      const out = new Map<string, MemberRow[]>(storyIds.map((id) => [id, []]));
      for (const { storyId, ...row } of await rows<MemberRow & { storyId: string }>(`SELECT m.story_id AS "storyId", ${MEMBER_COLUMNS} FROM story_members m
          JOIN articles a ON a.id = m.article_id WHERE m.story_id = ANY($1) ORDER BY a.published_at IS NULL, a.published_at, a.seq`, [storyIds])) {
        out.get(storyId)?.push(row);
      }
      return out;
    },
    async aliasesOf(storyIds) {
      const grouped = groupBy(await rows<{ old_id: string; story_id: string }>('SELECT old_id, story_id FROM story_aliases WHERE story_id = ANY($1) ORDER BY old_id', [storyIds]), (r) => r.story_id);
      return new Map([...grouped].map(([k, v]) => [k, v.map((r) => r.old_id)]));
    },
    async queryStorylines(offset, limit) {
      return {
        total: (await value<number>('SELECT COUNT(*)::int FROM storylines'))!,
        rows: await rows(`SELECT l.id, COUNT(s.id)::int AS stories, COALESCE(SUM(s.article_count), 0)::int AS articles,
            MIN(s.first_published) AS "firstPublished", MAX(s.last_published) AS "lastPublished",
            (SELECT t.headline FROM stories t WHERE t.storyline_id = l.id ORDER BY t.article_count DESC, t.id LIMIT 1) AS title
          FROM storylines l LEFT JOIN stories s ON s.storyline_id = l.id GROUP BY l.id
          ORDER BY MAX(s.last_published) DESC NULLS LAST, l.id LIMIT ${limit < 0 ? 'ALL' : Number(limit)} OFFSET ${Number(offset)}`),
      };
    },
    async storiesOfLines(lineIds) {
      const out = new Map<string, string[]>(lineIds.map((id) => [id, []]));
      for (const r of await rows<{ id: string; storyline_id: string }>(`SELECT id, storyline_id FROM stories WHERE storyline_id = ANY($1)
          ORDER BY first_published IS NULL, first_published, id`, [lineIds])) out.get(r.storyline_id)?.push(r.id);
      return out;
    },
    async getAnalysis<T>(storyId: string): Promise<T | null> {
      const data = await value<string>('SELECT data FROM story_analysis WHERE story_id = $1', [storyId]);
      if (data === null) return null;
      const analysis = JSON.parse(data) as Record<string, unknown>;
      analysis.claims = (await rows<{ data: string }>('SELECT data FROM story_claims WHERE story_id = $1 ORDER BY seq', [storyId])).map((c) => JSON.parse(c.data) as ClaimRecord);
      return analysis as T;
    },
    analysisFailure: (storyId) => value<string>('SELECT failure FROM story_analysis WHERE story_id = $1', [storyId]),
    claimsOf: async (storyIds) => claimsByStory(storyIds.length ? await rows<{ story_id: string; seq: number; data: string }>('SELECT story_id, seq, data FROM story_claims WHERE story_id = ANY($1)', [storyIds]) : []),
    async claimsInReach(storyIds: string[], reach: ClaimReach) {
      const out = new Map<string, ClaimRecord[]>();
      if (!storyIds.length || (!reach.units.length && !reach.dates.length)) return out;
      type ClaimRow = { story_id: string; seq: number; data: string };
      const found = reach.units.length ? await rows<ClaimRow>(`SELECT story_id, seq, data FROM story_claims WHERE story_id = ANY($1)
        AND kind = 'quantity' AND unit = ANY($2)`, [storyIds, reach.units]) : [];
      if (reach.dates.length) {
        const near = dateReach(reach);
        const spans = await rows<{ story_id: string; seq: number; low: number; high: number }>(`SELECT story_id, seq, low, high FROM story_claims
          WHERE story_id = ANY($1) AND kind = 'date'`, [storyIds]);
        const wanted = spans.filter((r) => near(r.low, r.high));
        if (wanted.length) {
          found.push(...await rows<ClaimRow>(`SELECT c.story_id, c.seq, c.data FROM story_claims c
            JOIN unnest($1::text[], $2::int[]) AS w(story_id, seq) ON c.story_id = w.story_id AND c.seq = w.seq`, [wanted.map((r) => r.story_id), wanted.map((r) => r.seq)]));
        }
      }
      return claimsByStory(found);
    },
    async getArticle(id) {
      const r = await one<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = $1`, [id]);
      return r && toArticle(r);
    },
    async articlesByRef(ref) {
      return (await rows<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM article_sightings s JOIN articles a ON a.id = s.article_id WHERE s.ref = $1 ORDER BY a.seq`, [ref])).map(toArticle);
    },
    listArticles: async () => (await rows<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY seq`)).map(toArticle),
    getSource: (id) => one(`SELECT id, ref, title, outlet, published_at AS "publishedAt", url FROM articles WHERE id = $1`, [id]),
    storyOfArticle: (articleId) => value<string>('SELECT story_id FROM story_members WHERE article_id = $1', [articleId]),
    refsOf: async (articleId) => (await rows<{ ref: string }>('SELECT ref FROM article_sightings WHERE article_id = $1 ORDER BY ref LIMIT 50', [articleId])).map((r) => r.ref),
    async copiesOf(articleId) {
      const original = (await value<string>('SELECT duplicate_of FROM articles WHERE id = $1', [articleId])) ?? '';
      return rows<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM articles a WHERE a.duplicate_of = $1 OR a.id = $2 OR (a.duplicate_of = $2 AND a.id <> $1)
        ORDER BY a.seq LIMIT 100`, [articleId, original]);
    },
    async searchArticles(match, f, offset, limit, countLimit = 1000) {
      const params: unknown[] = [tsQueryOf(match)];
      const where = ['a.search @@ to_tsquery(\'simple\', $1)'];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (f.publisher) where.push(`a.publisher = ${p(f.publisher)}`);
      if (f.lang) where.push(`a.lang = ${p(f.lang)}`);
      if (f.from) where.push(`a.published_at >= ${p(f.from)}`);
      if (f.to) where.push(`a.published_at < ${p(dayAfter(f.to))}`);
      if (f.entity) where.push(`m.story_id IN (SELECT story_id FROM story_entities WHERE entity = ${p(f.entity)})`);
      if (f.storyline) where.push(`m.story_id IN (SELECT id FROM stories WHERE storyline_id = ${p(f.storyline)})`);
      const from = `FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE ${where.join(' AND ')}`;
      const total = (await value<number>(`SELECT COUNT(*)::int FROM (SELECT 1 ${from} LIMIT ${Number(countLimit)}) t`, params))!;
      const hits = await rows<HitRow & { seq: number }>(`SELECT ${MEMBER_COLUMNS}, m.story_id AS "storyId",
          ts_headline('simple', a.text, to_tsquery('simple', $1), 'StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxWords=28, MinWords=12, ShortWord=0') AS snippet
        ${from} ORDER BY ts_rank(a.search, to_tsquery('simple', $1)) DESC, a.seq LIMIT ${limit < 0 ? 'ALL' : Number(limit)} OFFSET ${Number(offset)}`, params);
      return { total, rows: hits.map(({ seq: _s, ...r }) => r) };
    },
    async queryEntities(prefix, type, offset, limit) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (prefix) where.push(`entity >= $${params.push(prefix)} AND entity < $${params.length} || '\uffff'`);
      if (type) where.push(`type = $${params.push(type)}`);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      return {
        total: (await value<number>(`SELECT COUNT(*)::int FROM entities ${clause}`, params))!,
        rows: await rows(`SELECT entity, name, type, stories FROM entities ${clause} ORDER BY stories DESC, entity LIMIT ${limit < 0 ? 'ALL' : Number(limit)} OFFSET ${Number(offset)}`, params),
      };
    },
    entityNames: (key) => rows(`SELECT name, type, COUNT(*)::int AS stories FROM story_entities WHERE entity = $1 GROUP BY name, type
      ORDER BY MAX(canonical) DESC, stories DESC, name`, [key]),
    publishers: () => rows('SELECT publisher AS name, COUNT(*)::int AS articles FROM articles WHERE publisher IS NOT NULL GROUP BY publisher ORDER BY articles DESC, publisher LIMIT 500'),
    languages: () => rows('SELECT lang, COUNT(*)::int AS articles FROM articles GROUP BY lang ORDER BY articles DESC, lang'),
  };
}
