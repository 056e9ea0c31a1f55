/**
 * Who published an article, as far as its input says: the outlet it names, else the site of its URL.
 * Plain text with neither has no known publisher: it is a file, named as the file it is, never as if
 * its file name were an outlet. Pure.
 */
export interface Publisher {
  name: string;
  kind: 'outlet' | 'site' | 'file';
}

export function publisherOf(source: { outlet: string | null; url: string | null; ref: string }): Publisher {
  if (source.outlet) return { name: source.outlet, kind: 'outlet' };
  if (source.url) {
    try {
      const host = new URL(source.url).hostname.replace(/^www\./, '');
      if (host) return { name: host, kind: 'site' };
    } catch { /* not a URL: a file */ }
  }
  return { name: source.ref.replace(/^.*[\\/]/, '') || source.ref, kind: 'file' };
}

/** The publisher's name, or null for a file (what the store indexes and filters by). */
export const publisherName = (source: { outlet: string | null; url: string | null; ref: string }): string | null => {
  const p = publisherOf(source);
  return p.kind === 'file' ? null : p.name;
};
