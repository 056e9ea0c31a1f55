#!/usr/bin/env node
// Runs the TypeScript sources through tsx: no build step between `npm ci` and `npx storyline`.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`storyline brief --all | head`) closes the pipe: that ends the output, quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
