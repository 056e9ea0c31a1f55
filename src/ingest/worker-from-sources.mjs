// The pool's worker when Storyline runs from its TypeScript sources (tests, an unbuilt checkout): Node 20
// does not hand the main thread's `--import tsx` to worker threads, so this registers tsx in the thread
// and loads worker.ts. Compiled runs use dist/ingest/worker.js directly.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
