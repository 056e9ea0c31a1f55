// `npm run build` (and npm's `prepare`, so `npm ci` builds): compiles src/ to dist/ with tsc, copies the
// web app's static files beside the compiled server, and stamps the build. The CLI and its worker
// threads then run plain JavaScript; bin/storyline.js falls back to the TypeScript sources (through
// tsx) when a source file is newer than the stamp, so an edit is never run stale.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync(`${root}src/serve/static`, `${root}dist/serve/static`, { recursive: true });
writeFileSync(`${root}dist/.built`, `${new Date().toISOString()}\n`);
