/**
 * A worker thread of the ingest pool (`pool.ts`): runs the pure preparations of `prepare.ts` — a file
 * read, cleaned and signed, or a story analyzed — and hands the result back. It never opens the store.
 */
import type { AnalyzableArticle } from '../analyze/index.ts';
import { analyzeStory, prepareInput } from './prepare.ts';

export type Task =
  | { kind: 'prepare'; files: { path: string; bytes: Uint8Array }[]; maxBytes: number }
  | { kind: 'analyze'; stories: { articles: AnalyzableArticle[]; reference: string | null }[]; work: number };

export default function run(task: Task) {
  return task.kind === 'prepare'
    ? task.files.map((f) => prepareInput(f.path, f.bytes, task.maxBytes))
    : task.stories.map((s) => analyzeStory(s.articles, s.reference, task.work));
}
