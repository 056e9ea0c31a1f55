/**
 * Answers to GETs kept while the store does not change. A page is a pure function of the store and its
 * URL, so an answer stays right until something is committed; SQLite's `data_version` (per connection,
 * changed by any other connection's commit) says when that happens, and the whole cache is dropped.
 * Least recently used answers go first past the limits. Under load a story page then costs a lookup
 * instead of composing its brief again for every reader.
 */
/** A 200 answer to a GET. */
export interface CachedAnswer {
  type: string;
  body: string | Buffer;
  etag: string;
  /** The body gzipped, made the first time a client that accepts it asks. */
  gzip?: Buffer;
}

export function responseCache(limits: { entries: number; bytes: number }) {
  const answers = new Map<string, CachedAnswer>();
  let version: number | null = null;
  let bytes = 0;
  // A gzipped copy made later is not counted: it is a tenth of the body at most.
  const sizeOf = (a: CachedAnswer) => (typeof a.body === 'string' ? a.body.length * 2 : a.body.length) * 1.1 + 200;
  return {
    /** The answer for a URL made at `storeVersion`, if still valid. */
    get(url: string, storeVersion: number): CachedAnswer | undefined {
      if (storeVersion !== version) {
        answers.clear();
        bytes = 0;
        version = storeVersion;
        return undefined;
      }
      const hit = answers.get(url);
      if (hit) {
        answers.delete(url);
        answers.set(url, hit);
      }
      return hit;
    },
    set(url: string, storeVersion: number, answer: CachedAnswer): void {
      if (storeVersion !== version) return;
      const size = sizeOf(answer);
      if (size > limits.bytes / 8) return; // one huge answer must not empty the cache
      const old = answers.get(url);
      if (old) bytes -= sizeOf(old);
      answers.delete(url);
      answers.set(url, answer);
      bytes += size;
      for (const [key, a] of answers) {
        if (answers.size <= limits.entries && bytes <= limits.bytes) break;
        answers.delete(key);
        bytes -= sizeOf(a);
      }
    },
    get size() {
      return answers.size;
    },
  };
}
