/**
 * The server: the web app and the JSON API over the application core, on fastify (routes, limits,
 * request validation from TypeBox schemas, which @fastify/swagger also turns into the OpenAPI
 * document). An edge: it opens the store, calls the use cases of src/app, and writes what they give
 * through the shared presenters (JSON) or the pages (HTML).
 *
 * One writer: GETs read committed data through one read-only handle, each request in one snapshot (a
 * read transaction), so a file another process is ingesting shows whole or not at all. A write (an
 * upload, the add form) takes the store's writer lock for its duration like any `ingest`, and fails
 * with 503 `busy` when another writer keeps it.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { isIP } from 'node:net';
import type { StoreReader } from '../store/contract.ts';
import { openServedStore } from './served-store.ts';
import { StoreError } from '../store/store-error.ts';
import { AppError, fromStoreError, notFound } from '../app/errors.ts';
import { listStories, MAX_PAGE, storyBrief, storyPage as storyPageOf, storyRevisions, type StorySort } from '../app/stories.ts';
import { addWatchlist, findWatchlist } from '../app/alerts.ts';
import { presentAlert, presentWatchlist } from '../app/present.ts';
import { sinceTime } from '../app/revisions.ts';
import { renderAlertFeed } from '../render/atom.ts';
import { listStorylines } from '../app/storylines.ts';
import { articleView } from '../app/articles.ts';
import { entityView, listEntities } from '../app/entities.ts';
import { searchArticles } from '../app/search.ts';
import type { IngestReport } from '../app/ingest.ts';
import type { StoryFilter } from '../store/queries.ts';
import * as pages from './pages.ts';
import { responseCache, type CachedAnswer } from './response-cache.ts';
import { gzipSync } from 'node:zlib';

export interface ServeOptions {
  db: string;
  host?: string;
  port?: number;
  /** Bearer token writes must carry; required when the host is not a loopback address. */
  token?: string | null;
  /** Largest request body (an upload), in bytes. */
  maxBodyBytes?: number;
  /** How long a write waits for another process writing to the store. */
  writerWaitMs?: number;
}

export const DEFAULT_PORT = 4173;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY = 20 * 1024 * 1024;

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
const STATIC: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [['app.css', 'text/css; charset=utf-8'], ['app.js', 'text/javascript; charset=utf-8']].map(([name, type]) => [name!, { type: type!, body: readFileSync(join(STATIC_DIR, name!)) }]),
);

/** Loopback addresses: the only ones where writing needs no token. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'";

// Schemas: they validate requests and are the OpenAPI document's parameters and bodies.
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day, YYYY-MM-DD' });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'page number, from 1' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: `items per page, at most ${MAX_PAGE} (default 20)` })),
};
const Filters = {
  from: Type.Optional({ ...Day, description: 'stories still reported on or after this day' }),
  to: Type.Optional({ ...Day, description: 'stories first reported on or before this day' }),
  outlet: Type.Optional(Type.String({ maxLength: 300, description: 'an outlet or site' })),
  lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 language code' })),
  entity: Type.Optional(Type.String({ maxLength: 300, description: 'an entity id (see /api/entities)' })),
  storyline: Type.Optional(Type.String({ maxLength: 100 })),
};
const StoriesQuery = Type.Object({ ...Filters, sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('coverage'), Type.Literal('oldest')])), ...Paging });
const SearchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 500, description: 'words, "phrases", prefix*, OR' }), ...Filters, ...Paging });
const EntitiesQuery = Type.Object({ type: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('org'), Type.Literal('place')])), prefix: Type.Optional(Type.String({ maxLength: 200 })), ...Paging });
const Since = Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'also what changed since then: a date, an ISO time, or a duration back from now (6h, 2d)' }));
const BriefQuery = Type.Object({ words: Type.Optional(Type.Integer({ minimum: 20, maximum: 2000, description: 'word budget of the summary' })), since: Since });
const WatchlistInput = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'default: the terms' })),
  terms: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20, description: 'words and names, each of which a story must contain' })),
  outlets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50, description: 'any of these outlets' })),
  languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 20, description: 'any of these languages' })),
  minOutlets: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: 'a fact reaching this many outlets is an alert (default 3)' })),
  webhook: Type.Optional(Type.Object({ url: Type.String({ pattern: '^https?://', maxLength: 2000 }), secret: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }, { additionalProperties: false })),
}, { additionalProperties: false });
const AlertsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'how many, newest first (default 50)' })) });
/** Entries an Atom feed of alerts carries: a feed reader keeps what it has read. */
const FEED_ENTRIES = 100;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1000 }) });
const ArticleInput = Type.Object({
  text: Type.String({ minLength: 1, description: 'the article body (plain text; paragraphs separated by blank lines)' }),
  title: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  publishedAt: Type.Optional(Type.String({ description: 'publication date, ISO 8601 or as the outlet wrote it' })),
  outlet: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  lang: Type.Optional(Type.String()),
  id: Type.Optional(Type.String({ description: 'your id for the record (its ref)' })),
}, { additionalProperties: false });
const ArticlesBody = Type.Union([ArticleInput, Type.Array(ArticleInput, { minItems: 1, maxItems: 10_000 })]);
const MULTIPART = 'multipart: read as a stream by the route';
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

const errorResponses = {
  400: { ...ErrorBody, description: 'bad request: malformed JSON, wrong types, bad parameters' },
  404: { ...ErrorBody, description: 'no such id' },
  503: { ...ErrorBody, description: 'the store is busy (another writer) or cannot be used' },
};

export async function createServer(opts: ServeOptions): Promise<FastifyInstance> {
  const host = opts.host ?? DEFAULT_HOST;
  const token = opts.token || null;
  if (!isLoopback(host) && !token) {
    throw new AppError('unauthorized', `refusing to serve on ${host} without a token: anyone who can reach it could add articles. Set STORYLINE_TOKEN, or serve on 127.0.0.1`);
  }
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const store = await openServedStore(opts.db, opts.writerWaitMs);
  const snapshot = <T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> => store.reader.snapshot(fn);
  const storeVersion = () => store.version();
  const layout = (q?: string): pages.LayoutOptions => ({ q });
  // The outlets and languages the filter forms offer: counting them reads every article's index
  // entry, so they are counted once for each version of the store, not for every page.
  let facetsAt: { version: number; facets: pages.Facets } | null = null;
  const facets = async (store: StoreReader): Promise<pages.Facets> => {
    const version = await storeVersion();
    if (facetsAt?.version !== version) facetsAt = { version, facets: { publishers: await store.publishers(), languages: await store.languages() } };
    return facetsAt.facets;
  };

  const app = Fastify({ bodyLimit: maxBody, logger: false });
  // A query string is text: "page=2" is read as the number 2. A JSON body says its types itself: a
  // number where text belongs is a wrong type (400), not something to convert.
  const queryAjv = addFormats.default(new Ajv({ coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: false }));
  const bodyAjv = addFormats.default(new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    // Multipart parts are read as a stream by the route (sizes checked there); the schema only documents them.
    if ((schema as { $comment?: string }).$comment === MULTIPART) return () => true;
    return (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Storyline API', version: '1', description: 'Stories, briefs, articles, entities and search over a local Storyline store.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(multipart, { limits: { fileSize: maxBody, files: 100, fields: 20, fieldSize: maxBody } });

  const cache = responseCache({ entries: 5_000, bytes: 256 * 1024 * 1024 });
  const versions = new WeakMap<FastifyRequest, number>();
  const hits = new WeakMap<FastifyRequest, CachedAnswer>();
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET') return;
    const version = await storeVersion();
    const hit = cache.get(req.url, version);
    if (!hit) {
      versions.set(req, version);
      return;
    }
    hits.set(req, hit);
    return reply.type(hit.type).send(hit.body);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', CSP);
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.method !== 'GET' || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    // Stories and articles change only when the store does: a client that has this version gets 304.
    let answer = hits.get(req);
    if (!answer) {
      answer = { type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), body: payload, etag: `W/"${createHash('sha1').update(payload).digest('base64url')}"` };
      const version = versions.get(req);
      if (version !== undefined) cache.set(req.url, version, answer);
    }
    reply.header('ETag', answer.etag);
    reply.header('Cache-Control', 'no-cache');
    reply.header('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === answer.etag) {
      reply.code(304);
      return '';
    }
    // Compressed once per answer and kept with it: a story page is a tenth of its size gzipped.
    if (answer.body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      answer.gzip ??= gzipSync(answer.body);
      reply.header('Content-Encoding', 'gzip');
      return answer.gzip;
    }
    return payload;
  });

  const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url === '/healthz';
  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err);
    if (e.status >= 500 && !(err instanceof StoreError) && !(err instanceof AppError)) req.log.error(err);
    const body = { code: e.code, message: e.message };
    if (wantsJson(req)) return reply.code(e.status).type('application/json; charset=utf-8').send(body);
    return reply.code(e.status).type('text/html; charset=utf-8').send(pages.errorPage(e.status, e.message, layout()));
  });
  app.setNotFoundHandler((req, reply) => {
    const message = `no such page: ${req.method} ${req.url.split('?')[0]}`;
    if (wantsJson(req)) return reply.code(404).send({ code: 'not-found', message });
    return reply.code(404).type('text/html; charset=utf-8').send(pages.errorPage(404, message, layout()));
  });

  const checkToken = (given: string | undefined) => {
    if (!token) return;
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('unauthorized', 'writing needs the access token (Authorization: Bearer <STORYLINE_TOKEN>)');
  };
  const bearer = (req: FastifyRequest) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();

  // --- API -------------------------------------------------------------------------------------

  app.get('/healthz', { schema: { tags: ['meta'], summary: 'Liveness and what the store holds', response: { 200: Type.Object({ ok: Type.Boolean(), articles: Type.Integer(), stories: Type.Integer(), storylines: Type.Integer() }) } } },
    async () => ({ ok: true, ...(await snapshot((s) => s.stats())) }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get<{ Querystring: Static<typeof StoriesQuery> }>('/api/stories', { schema: { tags: ['stories'], summary: 'Stories, newest (default), most covered or oldest first, filtered and paged', querystring: StoriesQuery, response: errorResponses } },
    async (req) => snapshot((s) => listStories(s, { ...filterOf(req.query), sort: req.query.sort as StorySort, page: req.query.page, limit: req.query.limit })));
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof BriefQuery> }>('/api/stories/:id', { schema: { tags: ['stories'], summary: 'A story\'s brief (the shape of `storyline brief --format json`)', params: IdParams, querystring: BriefQuery, response: errorResponses } },
    async (req) => snapshot((s) => storyBrief(s, req.params.id, { words: req.query.words, since: sinceOf(req.query.since) })));
  app.get<{ Params: Static<typeof IdParams> }>('/api/stories/:id/revisions', { schema: { tags: ['stories'], summary: 'What changed in a story each time articles joined it, oldest first', params: IdParams, response: errorResponses } },
    async (req) => snapshot((s) => storyRevisions(s, req.params.id)));
  app.get('/api/watchlists', { schema: { tags: ['watchlists'], summary: 'Saved queries that raise alerts as matching stories appear and change', response: errorResponses } },
    async () => snapshot(async (s) => (await s.watchlists()).map(presentWatchlist)));
  app.post<{ Body: Static<typeof WatchlistInput> }>('/api/watchlists', {
    schema: { tags: ['watchlists'], summary: 'Add a watchlist (the webhook secret, when not given, is made and returned once)', security: token ? [{ bearer: [] }] : [], body: WatchlistInput,
      response: { 401: { ...ErrorBody, description: 'the token is missing or wrong' }, ...errorResponses } },
  }, async (req, reply) => {
    checkToken(bearer(req));
    const b = req.body;
    const w = await addWatch({ name: b.name, query: { terms: b.terms, outlets: b.outlets, languages: b.languages, minOutlets: b.minOutlets }, webhookUrl: b.webhook?.url, secret: b.webhook?.secret });
    return reply.code(201).send({ ...presentWatchlist(w), ...(w.webhook && !b.webhook?.secret ? { secret: w.webhook.secret } : {}) });
  });
  app.delete<{ Params: Static<typeof IdParams> }>('/api/watchlists/:id', { schema: { tags: ['watchlists'], summary: 'Remove a watchlist and its alerts', security: token ? [{ bearer: [] }] : [], params: IdParams, response: errorResponses } },
    async (req, reply) => {
      checkToken(bearer(req));
      if (!(await store.watchlists((book) => book.removeWatchlist(req.params.id)))) throw notFound('watchlist', req.params.id);
      return reply.code(204).send();
    });
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AlertsQuery> }>('/api/watchlists/:id/alerts', { schema: { tags: ['watchlists'], summary: 'A watchlist\'s alerts, newest first (the body a webhook receives)', params: IdParams, querystring: AlertsQuery, response: errorResponses } },
    async (req) => snapshot(async (s) => {
      const w = findWatchlist(await s.watchlists(), req.params.id);
      return (await s.watchAlerts(w.id, req.query.limit ?? 50)).map((a) => presentAlert(a, w));
    }));
  app.get<{ Querystring: Static<typeof EntitiesQuery> }>('/api/storylines', { schema: { tags: ['stories'], summary: 'Storylines, latest first, each with its stories', querystring: Type.Object(Paging), response: errorResponses } },
    async (req) => snapshot((s) => listStorylines(s, req.query)));
  app.get<{ Params: Static<typeof IdParams> }>('/api/articles/:id', { schema: { tags: ['articles'], summary: 'One article: text, sentences with their character spans, story, near-duplicate copies', params: IdParams, response: errorResponses } },
    async (req) => snapshot((s) => articleView(s, req.params.id)));
  app.get<{ Querystring: Static<typeof EntitiesQuery> }>('/api/entities', { schema: { tags: ['entities'], summary: 'People, organisations and places by how many stories name them', querystring: EntitiesQuery, response: errorResponses } },
    async (req) => snapshot((s) => listEntities(s, req.query)));
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof EntitiesQuery> }>('/api/entities/:id', { schema: { tags: ['entities'], summary: 'One entity: its names, descriptors and stories over time', params: IdParams, querystring: Type.Object(Paging), response: errorResponses } },
    async (req) => snapshot((s) => entityView(s, req.params.id, req.query)));
  app.get<{ Querystring: Static<typeof SearchQuery> }>('/api/search', { schema: { tags: ['search'], summary: 'Full-text search over articles, best first, with snippets and stories', querystring: SearchQuery, response: errorResponses } },
    async (req) => snapshot((s) => searchArticles(s, { q: req.query.q, ...filterOf(req.query), page: req.query.page, limit: req.query.limit })));
  app.post('/api/articles', {
    schema: {
      tags: ['articles'],
      summary: 'Add articles: one record or a list (the fields of JSONL ingest), or files as multipart/form-data',
      security: token ? [{ bearer: [] }] : [],
      body: { content: { 'application/json': { schema: ArticlesBody }, 'multipart/form-data': { schema: Type.Object({ files: Type.Optional(Type.Array(Type.String({ format: 'binary' }))) }, { $comment: MULTIPART }) } } },
      response: { 413: { ...ErrorBody, description: 'the body is over the size limit' }, 401: { ...ErrorBody, description: 'the token is missing or wrong' }, ...errorResponses },
    },
  }, async (req, reply) => {
    checkToken(bearer(req));
    if (!req.isMultipart() && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new AppError('unsupported-media-type', 'send application/json (one record or a list) or multipart/form-data (files)');
    }
    const inputs = req.isMultipart() ? await multipartInputs(req, null) : jsonInputs(req.body as Static<typeof ArticlesBody>);
    const report = await store.ingest(inputs, maxBody);
    return reply.code(report.ingested + report.duplicates > 0 ? 201 : 200).send(report);
  });

  app.get<{ Params: { id: string } }>('/watchlists/:id/feed.atom', { schema: { tags: ['watchlists'], summary: 'A watchlist\'s alerts as an Atom feed, for any feed reader' } }, async (req, reply) => {
    const xml = await snapshot(async (s) => {
      const w = findWatchlist(await s.watchlists(), req.params.id);
      return renderAlertFeed(w, await s.watchAlerts(w.id, FEED_ENTRIES), `${req.protocol}://${req.headers.host ?? `${host}:${opts.port ?? DEFAULT_PORT}`}`);
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  // --- Pages -----------------------------------------------------------------------------------
  const page = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);
  const hidden = { schema: { hide: true } };
  app.get<{ Querystring: Record<string, string> }>('/', hidden, async (req, reply) => {
    const q = pageQuery(req.query);
    return page(reply, await snapshot(async (s) => pages.storiesPage(await listStories(s, { ...q.filter, sort: q.sort, page: q.page }), { ...q.filter, sort: q.sort }, await facets(s), layout())));
  });
  app.get<{ Querystring: Record<string, string> }>('/search', hidden, async (req, reply) => {
    const q = pageQuery(req.query);
    const words = (req.query.q ?? '').trim();
    return page(reply, await snapshot(async (s) => pages.searchPage(words ? await searchArticles(s, { q: words, ...q.filter, page: q.page }) : null, { ...q.filter, q: words }, await facets(s), layout(words))));
  });
  app.get<{ Params: { id: string }; Querystring: { since?: string } }>('/stories/:id', hidden, async (req, reply) =>
    page(reply, await snapshot(async (s) => pages.storyPage(await storyPageOf(s, req.params.id, { since: req.query.since ? sinceOf(req.query.since) : undefined }), layout()))));
  const watchOptions = () => ({ ...layout(), tokenRequired: !!token });
  const watchlistsPage = async (reply: FastifyReply, status = 200, message: { error?: string; added?: pages.AddedWatchlist } = {}) =>
    page(reply.code(status), await snapshot(async (s) => pages.watchlistsPage((await s.watchlists()).map(presentWatchlist), watchOptions(), message)));
  app.get('/watchlists', hidden, async (_req, reply) => watchlistsPage(reply));
  app.post('/watchlists', hidden, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('unsupported-media-type', 'the form is sent as multipart/form-data');
    const fields: Record<string, string> = {};
    await multipartInputs(req, fields);
    try {
      checkToken(fields.token);
      const list = (name: string) => (fields[name] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const w = await addWatch({
        name: fields.name?.trim() || undefined, query: { terms: list('terms'), outlets: list('outlets'), languages: list('languages'), minOutlets: fields.minOutlets ? Number(fields.minOutlets) : undefined },
        webhookUrl: fields.webhook?.trim() || undefined,
      });
      return watchlistsPage(reply, 201, { added: { name: w.name, secret: w.webhook?.secret ?? null } });
    } catch (e) {
      const err = toAppError(e);
      return watchlistsPage(reply, err.status, { error: err.message });
    }
  });
  app.get<{ Params: { id: string }; Querystring: { s?: string } }>('/articles/:id', hidden, async (req, reply) => {
    const s = req.query.s === undefined ? null : Number(req.query.s);
    if (s !== null && (!Number.isInteger(s) || s < 0)) throw new AppError('bad-request', `s must be a sentence number from 0, got ${req.query.s}`);
    return page(reply, await snapshot(async (store) => pages.articlePage(await articleView(store, req.params.id), s, layout())));
  });
  app.get<{ Querystring: Record<string, string> }>('/entities', hidden, async (req, reply) => {
    const type = req.query.type || undefined;
    const prefix = req.query.prefix || undefined;
    return page(reply, await snapshot(async (s) => pages.entitiesPage(await listEntities(s, { type, prefix, page: pageNumber(req.query.page), limit: 50 }), { type, prefix }, layout())));
  });
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/entities/:id', hidden, async (req, reply) =>
    page(reply, await snapshot(async (s) => pages.entityPage(await entityView(s, req.params.id, { page: pageNumber(req.query.page) }), layout()))));
  const addOptions = () => ({ ...layout(), tokenRequired: !!token, maxMb: Math.round(maxBody / 1048576) });
  app.get('/add', hidden, async (_req, reply) => page(reply, pages.addPage(addOptions())));
  app.post('/add', hidden, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('unsupported-media-type', 'the form is sent as multipart/form-data');
    const fields: Record<string, string> = {};
    const inputs = await multipartInputs(req, fields);
    let report: IngestReport | null = null;
    try {
      checkToken(fields.token);
      if (!inputs.length) throw new AppError('bad-request', 'nothing to add: paste a text or choose files');
      report = await store.ingest(inputs, maxBody);
    } catch (e) {
      const err = toAppError(e);
      return page(reply.code(err.status), pages.addPage(addOptions(), null, err.message));
    }
    return page(reply, pages.addPage(addOptions(), report));
  });
  app.get<{ Params: { file: string } }>('/static/:file', hidden, async (req, reply) => {
    const f = Object.hasOwn(STATIC, req.params.file) ? STATIC[req.params.file] : undefined;
    if (!f) throw notFound('file', req.params.file);
    return reply.type(f.type).header('Cache-Control', 'public, max-age=3600').send(f.body);
  });

  /** A watchlist added through the API or the page: what the query lacks is a bad request. */
  const addWatch = (input: Parameters<typeof addWatchlist>[1]) => store.watchlists(async (book) => {
    try {
      return await addWatchlist(book, input);
    } catch (e) {
      if (e instanceof AppError || e instanceof StoreError) throw e;
      throw new AppError('bad-request', (e as Error).message);
    }
  });
  const sinceOf = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const t = sinceTime(text);
    if (t === null) throw new AppError('bad-request', `since takes a date, an ISO time or a duration back from now (6h, 2d), got ${text}`);
    return t;
  };

  app.addHook('onClose', async () => store.close());
  return app;
}

/** The filters, order and page of a page's query string (forms send empty fields for "any"). */
function pageQuery(q: Record<string, string>): { filter: StoryFilter; sort: StorySort; page: number | undefined } {
  // Empty fields are dropped by the use cases' filter check.
  return { filter: filterOf(q), sort: (q.sort || 'newest') as StorySort, page: pageNumber(q.page) };
}

/** A request's filter parameters (the API's and the pages' alike) as a story filter. */
function filterOf(q: Partial<Record<'from' | 'to' | 'outlet' | 'lang' | 'entity' | 'storyline', string>>): StoryFilter {
  return { from: q.from, to: q.to, publisher: q.outlet, lang: q.lang, entity: q.entity, storyline: q.storyline };
}

function pageNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new AppError('bad-request', `page must be a whole number from 1, got ${text}`);
  return n;
}

/** Records posted as JSON become one JSON input, read by the same reader as a .json file. */
function jsonInputs(body: Static<typeof ArticlesBody>): { path: string; bytes: Uint8Array }[] {
  const list = Array.isArray(body) ? body : [body];
  return [{ path: `api/${new Date().toISOString()}.json`, bytes: Buffer.from(JSON.stringify(list)) }];
}

/**
 * The files of a multipart request, each an input named after its file; pasted text fields (`text`
 * with `title`, `outlet`, `url`, `published`) become one more input. Other fields go to `fields`.
 */
async function multipartInputs(req: FastifyRequest, fields: Record<string, string> | null): Promise<{ path: string; bytes: Uint8Array }[]> {
  const inputs: { path: string; bytes: Uint8Array }[] = [];
  const text: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new AppError('payload-too-large', `${part.filename} is over the size limit`);
      if (bytes.length) inputs.push({ path: `upload/${(part.filename || 'file').replace(/[\\/]/g, '_')}`, bytes });
    } else {
      const value = String(part.value ?? '');
      if (['text', 'title', 'outlet', 'url', 'published'].includes(part.fieldname)) text[part.fieldname] = value;
      else if (fields) fields[part.fieldname] = value;
    }
  }
  if (text.text?.trim()) {
    const record = { text: text.text, title: text.title || undefined, outlet: text.outlet || undefined, url: text.url || undefined, publishedAt: text.published || undefined };
    inputs.push({ path: `form/${new Date().toISOString()}.json`, bytes: Buffer.from(JSON.stringify(record)) });
  }
  return inputs;
}

/** Whatever a request threw, as the error the client is told: never a stack trace. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof StoreError) return fromStoreError(err);
  const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e.validation) return new AppError('bad-request', e.message ?? 'bad request');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.code === 'FST_FILES_LIMIT' || e.statusCode === 413) return new AppError('payload-too-large', e.message ?? 'the body is over the size limit');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) return new AppError('unsupported-media-type', e.message ?? 'unsupported content type');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('bad-request', e.message ?? 'bad request');
  return new AppError('store-unusable', 'internal error');
}
