/**
 * HTML written safely by default: in the `html` template every interpolated value is escaped unless it
 * is itself `html` (or `raw`, for markup Storyline wrote). Article text, titles, outlets and URLs are
 * untrusted; the default is what keeps a `<script>` in an article from running. Pure.
 */
const SAFE = Symbol('safe html');

export interface Safe {
  [SAFE]: true;
  value: string;
  toString(): string;
}

const safe = (value: string): Safe => ({ [SAFE]: true, value, toString: () => value });

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Value = Safe | string | number | null | undefined | false | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && SAFE in v) return v.value;
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Safe {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return safe(out);
}

/** Markup Storyline wrote itself (never text from an article). */
export const raw = (markup: string): Safe => safe(markup);

/** An href for an article's URL: only http(s); anything else (javascript:, data:) gets no link. */
export function externalHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A query string from the parameters that have a value. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
