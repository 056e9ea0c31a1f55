/**
 * The writes of a PostgreSQL store that the lease holder and the workers make: prepared input files
 * stored as articles (exact and near duplicates decided in the walk's order, as SQLite's writer
 * decides them), stories' analyses saved with their claims and entities, the entity counts, the
 * stale-story scan. Each function runs inside the caller's transaction on `db`.
 */
import type { Article, Rejection } from '../../records.ts';
import type { ClaimRecord } from '../../analyze/corroborate.ts';
import { bandKeys, findOriginal, type Candidate } from '../../dedup/index.ts';
import { publisherName } from '../../clean/publisher.ts';
import type { PreparedInput } from '../../ingest/prepare.ts';
import { ENTITY_COUNTS, entityRows } from '../index.ts';
import { foldForSearch } from './search-text.ts';
import type { Queryable } from './pool.ts';

/** What storing one input gave: the counts and what to report, in the walk's order. */
export interface InputOutcome {
  ingested: number;
  duplicates: number;
  stored: number;
  rejections: Rejection[];
  notices: Rejection[];
}

/** A prepared input as the queue keeps it (JSON): signatures as plain arrays. */
export type QueuedPreparation = { walkProblem: Rejection; counted: boolean } | (Omit<PreparedInput, 'items'> & { items: { ref: string; cleaned: PreparedInput['items'][number]['cleaned']; id: string; signature: number[] }[] });

export function toQueued(p: PreparedInput): QueuedPreparation {
  return { ...p, items: p.items.map((i) => ({ ref: i.ref, cleaned: i.cleaned, id: i.id, signature: [...i.signature] })) };
}

/**
 * Store prepared inputs in the given (walk) order, in the caller's transaction: each item is an exact
 * duplicate (a sighting), a near duplicate of the most similar earlier article, or new. Candidates are
 * read for the whole batch in one query; those the batch itself adds are kept in memory, in order.
 */
export async function storeInputs(db: Queryable, inputs: { path: string; prepared: QueuedPreparation }[]): Promise<InputOutcome[]> {
  const prepared = inputs.map(({ path, prepared: p }) => ({ path, p, items: 'items' in p ? p.items.map((i) => ({ ...i, sig: Uint32Array.from(i.signature), bands: i.cleaned ? bandKeys(Uint32Array.from(i.signature)) : [] })) : [] }));
  const allBands = [...new Set(prepared.flatMap((x) => x.items.flatMap((i) => i.bands)))];
  const ids = [...new Set(prepared.flatMap((x) => x.items.filter((i) => i.cleaned).map((i) => i.id)))];
  const existing = new Set((await db.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1)', [ids])).rows.map((r) => r.id));
  // Every stored article under any of the batch's band keys, once per key it shares (a join with the
  // keys, not `= ANY` of a list that can hold hundreds of thousands of keys).
  const shared = allBands.length ? (await db.query<{ key: string | number; id: string; duplicate_of: string | null; minhash: Buffer; seq: number }>(`SELECT b.key, a.id, a.duplicate_of, a.minhash, a.seq
    FROM (SELECT DISTINCT unnest($1::bigint[]) AS key) k JOIN minhash_bands b ON b.key = k.key JOIN articles a ON a.id = b.article_id ORDER BY a.seq`, [allBands])).rows : [];
  // Band key → candidates, oldest first: those stored before the batch, then the batch's own in order.
  const byBand = new Map<number, Candidate[]>();
  const add = (key: number, c: Candidate) => (byBand.get(key) ?? byBand.set(key, []).get(key)!).push(c);
  const stored: Candidate[] = [];
  const known = new Map<string, Candidate>();
  for (const r of shared) {
    let c = known.get(r.id);
    if (!c) {
      c = { id: r.id, duplicateOf: r.duplicate_of, signature: new Uint32Array(r.minhash.buffer.slice(r.minhash.byteOffset, r.minhash.byteOffset + r.minhash.byteLength)) };
      known.set(r.id, c);
      stored.push(c);
    }
    add(Number(r.key), c);
  }
  const order = new Map<string, number>(stored.map((r, i) => [r.id, i]));
  const articles: { a: Article; sig: Uint32Array; bands: number[] }[] = [];
  const sightings: [string, string][] = [];
  const outcomes: InputOutcome[] = [];
  for (const { path, p, items } of prepared) {
    const out: InputOutcome = { ingested: 0, duplicates: 0, stored: 0, rejections: [], notices: [] };
    outcomes.push(out);
    if ('walkProblem' in p) {
      out.rejections.push(p.walkProblem);
      continue;
    }
    if (p.failure !== null) {
      out.rejections.push({ path, reason: p.failure });
      continue;
    }
    out.rejections.push(...p.problems);
    out.notices.push(...p.notices);
    for (const item of items) {
      if (!item.cleaned) {
        out.rejections.push({ path: item.ref === path ? path : `${path} (${item.ref})`, reason: 'no article text left after removing boilerplate' });
        continue;
      }
      if (existing.has(item.id)) {
        sightings.push([item.cleaned.ref, item.id]);
        out.duplicates++;
        continue;
      }
      const seen = new Set<string>();
      const candidates: Candidate[] = [];
      for (const k of item.bands) for (const c of byBand.get(k) ?? []) if (!seen.has(c.id)) (seen.add(c.id), candidates.push(c));
      candidates.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
      const duplicateOf = findOriginal(item.sig, candidates);
      const article: Article = { ...item.cleaned, id: item.id, duplicateOf };
      articles.push({ a: article, sig: item.sig, bands: item.bands });
      sightings.push([article.ref, article.id]);
      existing.add(item.id);
      order.set(item.id, order.size);
      for (const k of item.bands) add(k, { id: item.id, duplicateOf, signature: item.sig });
      out.stored++;
      if (duplicateOf) out.duplicates++;
      else out.ingested++;
    }
  }
  if (articles.length) {
    const now = new Date().toISOString();
    const col = <T>(f: (x: (typeof articles)[number]) => T) => articles.map(f);
    await db.query(`INSERT INTO articles (id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, ingested_at, minhash, publisher, search)
      SELECT id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, $12, minhash, publisher, to_tsvector('simple', folded)
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $13::bytea[], $14::text[], $15::text[])
        AS t(id, ref, path, url, outlet, title, published_at, lang, author, text, duplicate_of, minhash, publisher, folded)`,
    [col((x) => x.a.id), col((x) => x.a.ref), col((x) => x.a.path), col((x) => x.a.url), col((x) => x.a.outlet), col((x) => x.a.title), col((x) => x.a.publishedAt),
      col((x) => x.a.lang), col((x) => x.a.author), col((x) => x.a.text), col((x) => x.a.duplicateOf), now,
      col((x) => Buffer.from(x.sig.buffer, x.sig.byteOffset, x.sig.byteLength)), col((x) => publisherName(x.a)), col((x) => foldForSearch(`${x.a.title ?? ''}\n${x.a.text}`))]);
    const bandRows = articles.flatMap((x) => x.bands.map((k) => [k, x.a.id] as const));
    await db.query('INSERT INTO minhash_bands (key, article_id) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING', [bandRows.map((r) => r[0]), bandRows.map((r) => r[1])]);
  }
  if (sightings.length) {
    await db.query('INSERT INTO article_sightings (ref, article_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [sightings.map((s) => s[0]), sightings.map((s) => s[1])]);
  }
  return outcomes;
}

/** Every story with its members (publication order), its reference date and its stored signature, as SQLite's `storiesToAnalyze`. */
export async function storiesToAnalyze(db: Queryable, only?: string[]): Promise<{ id: string; storylineId: string; articleIds: string[]; reference: string | null; signature: string | null }[]> {
  const filter = only ? 'WHERE s.id = ANY($1)' : '';
  const params = only ? [only] : [];
  const rows = (await db.query<{ id: string; storyline_id: string; first_published: string | null; signature: string | null; line_first: string | null }>(`SELECT s.id, s.storyline_id,
      s.first_published, a.signature, (SELECT MIN(o.first_published) FROM stories o WHERE o.storyline_id = s.storyline_id) AS line_first
    FROM stories s LEFT JOIN story_analysis a ON a.story_id = s.id ${filter}`, params)).rows;
  const members = new Map<string, string[]>();
  for (const m of (await db.query<{ story_id: string; article_id: string }>(`SELECT m.story_id, m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id
      ${only ? 'WHERE m.story_id = ANY($1)' : ''} ORDER BY a.published_at IS NULL, a.published_at, a.seq`, params)).rows) {
    (members.get(m.story_id) ?? members.set(m.story_id, []).get(m.story_id)!).push(m.article_id);
  }
  return rows.map((r) => ({ id: r.id, storylineId: r.storyline_id, articleIds: members.get(r.id) ?? [],
    reference: (r.first_published ?? r.line_first)?.slice(0, 10) ?? null, signature: r.signature }));
}

/** A story's analysis (or, with `failure`, the empty one standing for it) with its claims and entities, as SQLite's `saveAnalysis`. */
export async function saveAnalysis(db: Queryable, storyId: string, signature: string, data: { claims: ClaimRecord[]; entities?: { name: string; type: string; aliases?: string[] }[] }, failure: string | null): Promise<void> {
  const { claims, ...rest } = data;
  await db.query(`INSERT INTO story_analysis (story_id, signature, data, failure) VALUES ($1, $2, $3, $4)
    ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, data = excluded.data, failure = excluded.failure`, [storyId, signature, JSON.stringify(rest), failure]);
  await db.query('DELETE FROM story_claims WHERE story_id = $1', [storyId]);
  if (claims.length) {
    await db.query('INSERT INTO story_claims (story_id, seq, kind, unit, low, high, data) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[])',
      [storyId, claims.map((_, i) => i), claims.map((c) => c.kind), claims.map((c) => c.unit), claims.map((c) => c.low), claims.map((c) => c.high), claims.map((c) => JSON.stringify(c))]);
  }
  const dropped = (await db.query<{ entity: string }>('DELETE FROM story_entities WHERE story_id = $1 RETURNING entity', [storyId])).rows.map((r) => r.entity);
  const rows = entityRows(data.entities ?? []);
  if (rows.length) {
    await db.query(`INSERT INTO story_entities (story_id, entity, name, type, canonical) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
      [storyId, rows.map((r) => r.entity), rows.map((r) => r.name), rows.map((r) => r.type), rows.map((r) => r.canonical)]);
  }
  await markEntities(db, [...dropped, ...rows.map((r) => r.entity)]);
  await db.query(`INSERT INTO analysis_log (story_id, signature, digest) VALUES ($1, $2, md5($2)) ON CONFLICT (story_id, digest) DO UPDATE SET saves = analysis_log.saves + 1`, [storyId, signature]);
}

const markEntities = async (db: Queryable, keys: string[]) => {
  if (keys.length) await db.query('INSERT INTO dirty_entities (entity) SELECT DISTINCT unnest($1::text[])', [keys]);
};

/**
 * Analyses of stories that no longer exist are dropped, and the entities whose stories changed are
 * recounted, as SQLite's `dropOrphanAnalyses`. Gives how many analyses were dropped.
 */
export async function dropOrphanAnalyses(db: Queryable): Promise<number> {
  await db.query('DELETE FROM story_claims c WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = c.story_id)');
  await markEntities(db, (await db.query<{ entity: string }>('DELETE FROM story_entities e WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = e.story_id) RETURNING entity')).rows.map((r) => r.entity));
  const dirty = [...new Set((await db.query<{ entity: string }>('DELETE FROM dirty_entities RETURNING entity')).rows.map((r) => r.entity))];
  if (dirty.length) {
    await db.query('DELETE FROM entities WHERE entity = ANY($1)', [dirty]);
    await db.query(`INSERT INTO entities (entity, name, type, stories) ${ENTITY_COUNTS} WHERE entity = ANY($1) GROUP BY entity HAVING MAX(canonical) = 1`, [dirty]);
  }
  return (await db.query('DELETE FROM story_analysis a WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)')).rowCount ?? 0;
}
