/**
 * The store's read side for the application: pages of stories under filters, a story's articles, an
 * entity's stories, full-text hits with snippets, the values to filter by. Every query goes through an
 * index (dates, article counts, publishers, languages, entity keys, FTS5) and reads one page, never the
 * whole store, so a request costs the same with 100 articles stored or 100,000. Reads only.
 */
import type Database from 'better-sqlite3';

export interface StoryFilter {
  /** ISO day: stories still reported on or after it. */
  from?: string;
  /** ISO day: stories first reported on or before it. */
  to?: string;
  /** An outlet or site (an article's publisher). */
  publisher?: string;
  lang?: string;
  /** An entity key (`entityKey`). */
  entity?: string;
  storyline?: string;
}

export interface StoryRow {
  id: string;
  storylineId: string;
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
  articleCount: number;
}

export interface MemberRow {
  id: string;
  ref: string;
  title: string | null;
  publisher: string | null;
  outlet: string | null;
  url: string | null;
  lang: string;
  publishedAt: string | null;
  duplicateOf: string | null;
}

export interface HitRow extends MemberRow {
  storyId: string | null;
  /** The best-matching stretch of the text, matched terms between \u0002 and \u0003. */
  snippet: string;
}

/** Markers FTS5 puts around matched terms in a snippet (control characters never stored in text). */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

const STORY_COLUMNS = `s.id, s.storyline_id AS storylineId, s.headline, s.first_published AS firstPublished,
  s.last_published AS lastPublished, s.article_count AS articleCount`;
const MEMBER_COLUMNS = `a.id, a.ref, a.title, a.publisher, a.outlet, a.url, a.lang, a.published_at AS publishedAt, a.duplicate_of AS duplicateOf`;

/** The day after an ISO day: "first reported on or before `to`" compares with it, whatever the time of day. */
const dayAfter = (day: string) => new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** SQL conditions (and their parameters) on stories `s` for a filter. */
function storyConditions(f: StoryFilter): { where: string[]; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (f.from) (where.push('s.last_published >= @from'), (params.from = f.from));
  if (f.to) (where.push('s.first_published < @toNext'), (params.toNext = dayAfter(f.to)));
  if (f.storyline) (where.push('s.storyline_id = @storyline'), (params.storyline = f.storyline));
  if (f.publisher) (where.push("s.id IN (SELECT story_id FROM story_facets WHERE kind = 'publisher' AND value = @publisher)"), (params.publisher = f.publisher));
  if (f.lang) (where.push("s.id IN (SELECT story_id FROM story_facets WHERE kind = 'lang' AND value = @lang)"), (params.lang = f.lang));
  if (f.entity) (where.push('s.id IN (SELECT story_id FROM story_entities WHERE entity = @entity)'), (params.entity = f.entity));
  return { where, params };
}

export function readQueries(db: Database.Database) {
  const stmts = {
    story: db.prepare(`SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id = ?`),
    members: db.prepare(`SELECT m.story_id AS storyId, ${MEMBER_COLUMNS} FROM story_members m JOIN articles a ON a.id = m.article_id
      WHERE m.story_id IN (SELECT value FROM json_each(?)) ORDER BY a.published_at IS NULL, a.published_at, a.seq`),
    aliases: db.prepare('SELECT old_id, story_id FROM story_aliases WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY old_id'),
    storyOfArticle: db.prepare('SELECT story_id FROM story_members WHERE article_id = ?').pluck(),
    copies: db.prepare(`SELECT ${MEMBER_COLUMNS} FROM articles a WHERE a.duplicate_of = @id OR a.id = @original OR (a.duplicate_of = @original AND a.id <> @id) ORDER BY a.seq LIMIT 100`),
    original: db.prepare('SELECT duplicate_of FROM articles WHERE id = ?').pluck(),
    refsOf: db.prepare('SELECT ref FROM article_sightings WHERE article_id = ? ORDER BY ref LIMIT 50').pluck(),
    entityNames: db.prepare('SELECT name, type, COUNT(*) AS stories FROM story_entities WHERE entity = ? GROUP BY name, type ORDER BY MAX(canonical) DESC, stories DESC, name'),
    publishers: db.prepare('SELECT publisher AS name, COUNT(*) AS articles FROM articles WHERE publisher IS NOT NULL GROUP BY publisher ORDER BY articles DESC, publisher LIMIT 500'),
    languages: db.prepare('SELECT lang, COUNT(*) AS articles FROM articles GROUP BY lang ORDER BY articles DESC'),
    storylines: db.prepare(`SELECT l.id, COUNT(s.id) AS stories, COALESCE(SUM(s.article_count), 0) AS articles,
        MIN(s.first_published) AS firstPublished, MAX(s.last_published) AS lastPublished,
        (SELECT t.headline FROM stories t WHERE t.storyline_id = l.id ORDER BY t.article_count DESC, t.id LIMIT 1) AS title
      FROM storylines l LEFT JOIN stories s ON s.storyline_id = l.id GROUP BY l.id ORDER BY MAX(s.last_published) DESC, l.id LIMIT ? OFFSET ?`),
    // `f.rowid IN (…)`, not `f.rowid = ?`: with the equality FTS5 made the snippet of another row.
    hits: db.prepare(`SELECT a.seq, ${MEMBER_COLUMNS}, m.story_id AS storyId, snippet(articles_fts, 1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 28) AS snippet
      FROM articles_fts f JOIN articles a ON a.seq = f.rowid LEFT JOIN story_members m ON m.article_id = a.id
      WHERE articles_fts MATCH @match AND f.rowid IN (SELECT value FROM json_each(@seqs))`),
    storylineCount: db.prepare('SELECT COUNT(*) FROM storylines').pluck(),
    storiesOfLines: db.prepare(`SELECT id, storyline_id FROM stories WHERE storyline_id IN (SELECT value FROM json_each(?))
      ORDER BY first_published IS NULL, first_published, id`),
    stats: db.prepare(`SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM stories) AS stories,
      (SELECT COUNT(*) FROM storylines) AS storylines`),
  };
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      if (cache.size > 200) cache.clear();
      cache.set(sql, (s = db.prepare(sql)));
    }
    return s;
  };

  return {
    /** One page of stories under a filter, newest (last reported) or most covered first, and how many match. */
    queryStories(f: StoryFilter, sort: 'newest' | 'coverage' | 'oldest', offset: number, limit: number): { total: number; rows: StoryRow[] } {
      const { where, params } = storyConditions(f);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const order = sort === 'coverage' ? 's.article_count DESC, s.last_published DESC, s.id'
        : sort === 'oldest' ? 's.first_published IS NULL, s.first_published, s.id' : 's.last_published DESC, s.id';
      const total = prepared(`SELECT COUNT(*) FROM stories s ${clause}`).pluck().get(params) as number;
      const rows = prepared(`SELECT ${STORY_COLUMNS} FROM stories s ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset }) as StoryRow[];
      return { total, rows };
    },
    storyRow: (id: string) => (stmts.story.get(id) as StoryRow | undefined) ?? null,
    /** The articles of each story asked, in publication order (one query for a page of stories). */
    membersOf(storyIds: string[]): Map<string, MemberRow[]> {
      const out = new Map<string, MemberRow[]>(storyIds.map((id) => [id, []]));
      for (const r of stmts.members.all(JSON.stringify(storyIds)) as (MemberRow & { storyId: string })[]) {
        const { storyId, ...row } = r;
        out.get(storyId)?.push(row);
      }
      return out;
    },
    /** The ids merged into each story asked (they resolve to it). */
    aliasesOf(storyIds: string[]): Map<string, string[]> {
      const out = new Map<string, string[]>();
      for (const r of stmts.aliases.all(JSON.stringify(storyIds)) as { old_id: string; story_id: string }[]) {
        const list = out.get(r.story_id);
        if (list) list.push(r.old_id);
        else out.set(r.story_id, [r.old_id]);
      }
      return out;
    },
    storyOfArticle: (articleId: string) => (stmts.storyOfArticle.get(articleId) as string | undefined) ?? null,
    /** The near-duplicate copies of an article: its original and the original's other copies, or its own copies. */
    copiesOf(articleId: string): MemberRow[] {
      const original = (stmts.original.get(articleId) as string | null | undefined) ?? null;
      return stmts.copies.all({ id: articleId, original: original ?? '' }) as MemberRow[];
    },
    /** Every ref (file path, record id) the article was seen under. */
    refsOf: (articleId: string) => stmts.refsOf.all(articleId) as string[],
    /** The names an entity key goes by across stories, most used first. */
    entityNames: (key: string) => stmts.entityNames.all(key) as { name: string; type: string; stories: number }[],
    /** Entities by how many stories name them; `prefix` narrows to keys starting with it. */
    queryEntities(prefix: string | null, type: string | null, offset: number, limit: number): { total: number; rows: { entity: string; name: string; type: string; stories: number }[] } {
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      if (prefix) (where.push("entity >= @prefix AND entity < @prefix || '\uffff'"), (params.prefix = prefix));
      if (type) (where.push('type = @type'), (params.type = type));
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = prepared(`SELECT COUNT(*) FROM entities ${clause}`).pluck().get(params) as number;
      const rows = prepared(`SELECT entity, name, type, stories FROM entities ${clause} ORDER BY stories DESC, entity LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset }) as { entity: string; name: string; type: string; stories: number }[];
      return { total, rows };
    },
    /**
     * Articles matching an FTS5 query, best first, with a snippet and their story; the filter applies
     * to the article (publisher, language, date) and to its story (entity, storyline). `total` counts
     * matches up to `countLimit`.
     */
    searchArticles(match: string, f: StoryFilter, offset: number, limit: number, countLimit = 1000): { total: number; rows: HitRow[] } {
      const where = ['articles_fts MATCH @match'];
      const params: Record<string, string | number> = { match };
      if (f.publisher) (where.push('a.publisher = @publisher'), (params.publisher = f.publisher));
      if (f.lang) (where.push('a.lang = @lang'), (params.lang = f.lang));
      if (f.from) (where.push('a.published_at >= @from'), (params.from = f.from));
      if (f.to) (where.push('a.published_at < @toNext'), (params.toNext = dayAfter(f.to)));
      if (f.entity) (where.push('m.story_id IN (SELECT story_id FROM story_entities WHERE entity = @entity)'), (params.entity = f.entity));
      if (f.storyline) (where.push('m.story_id IN (SELECT id FROM stories WHERE storyline_id = @storyline)'), (params.storyline = f.storyline));
      // Joined only as the filters need: a word in 30,000 articles is ranked on the index alone.
      const joins = `${where.length > 1 ? 'JOIN articles a ON a.seq = f.rowid' : ''} ${f.entity || f.storyline ? 'JOIN story_members m ON m.article_id = a.id' : ''}`;
      const from = `FROM articles_fts f ${joins} WHERE ${where.join(' AND ')}`;
      const total = prepared(`SELECT COUNT(*) FROM (SELECT 1 ${from} LIMIT ${countLimit})`).pluck().get(params) as number;
      // The page's rows first, then a snippet for each of them alone: in one query SQLite would make
      // the snippet of every match before sorting them.
      const seqs = prepared(`SELECT f.rowid ${from} ORDER BY f.rank LIMIT @limit OFFSET @offset`).pluck().all({ ...params, limit, offset }) as number[];
      const found = new Map((stmts.hits.all({ match, seqs: JSON.stringify(seqs) }) as (HitRow & { seq: number })[]).map(({ seq, ...r }) => [seq, r as HitRow]));
      const rows = seqs.map((seq) => found.get(seq)!).filter(Boolean);
      return { total, rows };
    },
    /** Outlets and sites with their article counts (the 500 largest), for filters. */
    publishers: () => stmts.publishers.all() as { name: string; articles: number }[],
    languages: () => stmts.languages.all() as { lang: string; articles: number }[],
    /** A page of storylines, latest first, each titled after its largest story. */
    queryStorylines(offset: number, limit: number) {
      return {
        total: stmts.storylineCount.get() as number,
        rows: stmts.storylines.all(limit, offset) as { id: string; title: string | null; stories: number; articles: number; firstPublished: string | null; lastPublished: string | null }[],
      };
    },
    /** The story ids of each storyline asked, oldest first (one query for a page of storylines). */
    storiesOfLines(lineIds: string[]): Map<string, string[]> {
      const out = new Map<string, string[]>(lineIds.map((id) => [id, []]));
      for (const r of stmts.storiesOfLines.all(JSON.stringify(lineIds)) as { id: string; storyline_id: string }[]) out.get(r.storyline_id)?.push(r.id);
      return out;
    },
    stats: () => stmts.stats.get() as { articles: number; stories: number; storylines: number },
  };
}
