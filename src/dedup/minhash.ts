/**
 * MinHash signatures over word 5-shingles and the LSH band keys that index them. Written here rather
 * than taken from npm: the `minhash` package overflows floats and costs ~15 ms a document, and
 * simhash-js cannot tell a syndicated copy from an unrelated article (see shared/notes/libraries.md).
 * All arithmetic is 32-bit integer (Math.imul), so signatures are exact and identical on every run.
 *
 * 16 bands of 4 rows: a pair at Jaccard 0.7 becomes a candidate with probability 0.99, at 0.9 with
 * certainty, at 0.1 (articles on the same event) almost never.
 */
export const SHINGLE_WORDS = 5;
export const BANDS = 16;
export const ROWS_PER_BAND = 4;
export const SIGNATURE_SIZE = BANDS * ROWS_PER_BAND;

// Fixed seeds: one independent hash function per signature slot, the same on every run.
const SEEDS = new Uint32Array(SIGNATURE_SIZE);
{
  let s = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    s = mix32(s + 0x6d2b79f5 + i);
    SEEDS[i] = s;
  }
}

/** murmur3 finaliser: a full-avalanche 32-bit mix. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashes of the word 5-shingles of text already folded by normalizeForCompare. */
export function shingleHashes(normalized: string): Uint32Array {
  const words = normalized.split(' ').filter(Boolean);
  const wordHashes = words.map(fnv1a);
  const n = Math.max(1, words.length - SHINGLE_WORDS + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x2545f491;
    for (let j = i; j < Math.min(i + SHINGLE_WORDS, words.length); j++) h = Math.imul(h ^ wordHashes[j]!, 0x01000193);
    out[i] = mix32(h);
  }
  return out;
}

export function minhashSignature(normalized: string): Uint32Array {
  const shingles = shingleHashes(normalized);
  const sig = new Uint32Array(SIGNATURE_SIZE);
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    const seed = SEEDS[k]!;
    let min = 0xffffffff;
    for (let j = 0; j < shingles.length; j++) {
      // Two multiply-xorshift rounds: enough mixing for min-wise hashing, half the cost of mix32.
      let h = Math.imul(shingles[j]! ^ seed, 0x9e3779b1);
      h = Math.imul(h ^ (h >>> 15), 0x85ebca77) >>> 0;
      if (h < min) min = h;
    }
    sig[k] = min;
  }
  return sig;
}

/**
 * One key per band, the band number folded in, so the whole LSH index is one integer column:
 * band × 2^32 + hash of the band's rows.
 */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS_PER_BAND; r++) h = mix32(Math.imul(h ^ sig[b * ROWS_PER_BAND + r]!, 0x01000193));
    keys.push(b * 2 ** 32 + h);
  }
  return keys;
}

/** Share of equal slots: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}
