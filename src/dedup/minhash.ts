/**
 * MinHash signatures over word 5-shingles and the LSH band keys that index them. Written here rather
 * than taken from npm: the `minhash` package overflows floats and costs ~15 ms a document, and
 * simhash-js cannot tell a syndicated copy from an unrelated article (see shared/notes/libraries.md).
 * All arithmetic is 32-bit integer (Math.imul), so signatures are exact and identical on every run.
 */
import { normalizeForCompare } from '../clean/text-shape.ts';

export const SHINGLE_WORDS = 5;
export const BANDS = 32;
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

export function shingleHashes(text: string): Uint32Array {
  const words = normalizeForCompare(text).split(' ').filter(Boolean);
  const n = Math.max(1, words.length - SHINGLE_WORDS + 1);
  const set = new Set<number>();
  for (let i = 0; i < n; i++) set.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  return Uint32Array.from(set);
}

export function minhashSignature(text: string): Uint32Array {
  const shingles = shingleHashes(text);
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (let k = 0; k < SIGNATURE_SIZE; k++) {
    const seed = SEEDS[k]!;
    let min = 0xffffffff;
    for (let j = 0; j < shingles.length; j++) {
      const h = mix32(shingles[j]! ^ seed);
      if (h < min) min = h;
    }
    sig[k] = min;
  }
  return sig;
}

/** One key per band: the band's rows hashed together. Equal keys in a band make a candidate pair. */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS_PER_BAND; r++) h = mix32(Math.imul(h ^ sig[b * ROWS_PER_BAND + r]!, 0x01000193));
    // Stored as a signed 32-bit SQLite integer.
    keys.push(h | 0);
  }
  return keys;
}

/** Share of equal slots: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}
