/**
 * Use cases on entities (people, organisations, places) across stories: the list, by how many stories
 * name each, and one entity's page — the names and descriptors it goes by and every story it appears in,
 * over time. An entity's id is the folded key of its name, so "Lukashenko" and "Lukaschenko" in two
 * stories are one entity. Read only.
 */
import type { StoreReader } from '../store/contract.ts';
import type { Entity } from '../records.ts';
import type { StoryAnalysis } from '../analyze/index.ts';
import { entityKey } from '../store/index.ts';
import { listStories, pageOf, paging, type Paging } from './stories.ts';
import { badRequest, notFound } from './errors.ts';

const TYPES = ['person', 'org', 'place'];

export async function listEntities(store: StoreReader, q: Paging & { prefix?: string; type?: string } = {}, max?: number) {
  const { page, limit, offset, take } = paging(q, max);
  if (q.type && !TYPES.includes(q.type)) throw badRequest(`type must be person, org or place, got ${q.type}`);
  const prefix = q.prefix ? entityKey(q.prefix) : null;
  const { total, rows } = await store.queryEntities(prefix, q.type ?? null, offset, take);
  return pageOf(rows.map((r) => ({ id: r.entity, name: r.name, type: r.type, stories: r.stories })), total, page, limit);
}

export async function entityView(store: StoreReader, id: string, q: Paging = {}) {
  const names = await store.entityNames(id);
  if (!names.length) throw notFound('entity', id);
  const stories = await listStories(store, { entity: id, sort: 'oldest', ...q });
  // Descriptors and spellings from the stories shown ("Belarusian ruler", "Lukaschenko").
  const descriptors = new Set<string>();
  const aliases = new Set<string>(names.map((n) => n.name));
  for (const s of stories.items) {
    const analysis = await store.getAnalysis<StoryAnalysis>(s.id);
    const e = analysis?.entities.find((x: Entity) => entityKey(x.name) === id) ?? analysis?.entities.find((x: Entity) => x.aliases.some((a) => entityKey(a) === id));
    for (const d of e?.descriptors ?? []) descriptors.add(d);
    for (const a of e?.aliases ?? []) aliases.add(a);
  }
  return {
    id,
    name: names[0]!.name,
    type: names[0]!.type,
    aliases: [...aliases],
    descriptors: [...descriptors],
    stories,
  };
}
export type EntityView = Awaited<ReturnType<typeof entityView>>;
