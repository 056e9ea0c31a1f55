// Types for the two small untyped dependencies of the cluster stage.
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const factory: { newStemmer(algorithm: string): Stemmer; algorithms(): string[] };
  export default factory;
}

declare module 'stopwords-iso' {
  const lists: Record<string, string[]>;
  export default lists;
}
