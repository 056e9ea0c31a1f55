/**
 * What PostgreSQL's full-text index is built from and searched with: the words of a text lowercased and
 * without their accents ("Lukašenko" and "Lukasenko" are one word), as SQLite's FTS5 tokenizer does
 * with `remove_diacritics 2`. Folded here rather than by the `unaccent` extension, which a database
 * may not have installed and which folds differently.
 */
export const foldForSearch = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
