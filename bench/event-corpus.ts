/**
 * A large stream of news articles for the clustering benchmark, made from the real corpora in
 * ../shared/corpora: each generated event takes most of its sentences from one real article and some
 * from another, at its own date; its reports are different samples of those sentences with words
 * dropped, as outlets retell one event. Real vocabulary, names and sentence lengths; many events per
 * real article, told apart by date and mix, which makes candidate lookups harder than real news does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../src/read/decode.ts';
import type { Article } from '../src/records.ts';
import { contentId, foldText } from '../src/dedup/index.ts';

const SHARED = new URL('../../shared/corpora/', import.meta.url).pathname;

interface Base {
  title: string;
  sentences: string[];
}

function bases(): Base[] {
  const texts: string[] = [];
  for (const dir of ['wikiref220', 'seeds']) {
    for (const f of readdirSync(join(SHARED, dir)).sort()) texts.push(decodeText(readFileSync(join(SHARED, dir, f))));
  }
  const truth = JSON.parse(readFileSync(join(SHARED, 'article-extraction/ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  for (const key of Object.keys(truth).sort()) texts.push(truth[key]!.articleBody);
  return texts
    .map((t) => {
      const lines = t.split('\n').map((l) => l.trim()).filter(Boolean);
      const sentences = lines.slice(1).join(' ').split(/(?<=[.!?])\s+(?=\p{Lu})/u).filter((s) => s.length > 40 && s.length < 400);
      return { title: lines[0]!.slice(0, 120), sentences };
    })
    .filter((b) => b.sentences.length >= 6);
}

function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** `n` articles in publication order, ids as the ingest makes them. */
export function eventStream(n: number, seed = 17): Article[] {
  const pool = bases();
  const rand = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const start = Date.parse('2030-01-01T00:00:00Z');
  const spanDays = Math.max(30, n / 60); // ~60 articles a day, as a mid-sized monitoring feed
  const out: Article[] = [];
  while (out.length < n) {
    const a = pick(pool);
    const b = pick(pool);
    const day = start + rand() * spanDays * 86_400_000;
    const reports = 1 + Math.floor(-Math.log(1 - rand()) * 3); // geometric-like, mean ~4
    for (let r = 0; r < reports && out.length < n; r++) {
      const sentences: string[] = [];
      const count = 5 + Math.floor(rand() * 8);
      for (let i = 0; i < count; i++) {
        const s = pick(rand() < 0.75 ? a.sentences : b.sentences);
        sentences.push(s.split(' ').filter(() => rand() > 0.08).join(' '));
      }
      const text = sentences.join(' ');
      const title = a.title.split(' ').filter(() => rand() > 0.15).join(' ');
      const publishedAt = new Date(day + rand() * 2 * 86_400_000).toISOString();
      const id = contentId(foldText(`${text} ${out.length}`));
      out.push({ id, ref: `bench/${out.length}`, path: `bench/${out.length}`, url: null, outlet: `outlet-${Math.floor(rand() * 40)}`, title, publishedAt, lang: 'en', author: null, text, duplicateOf: null });
    }
  }
  return out.sort((x, y) => x.publishedAt!.localeCompare(y.publishedAt!));
}
