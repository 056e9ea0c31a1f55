// Runs before `npm test` (npm's pretest): provisions what the test suite needs that npm does not
// install. The browser test drives a real Chromium through playwright-core, which downloads nothing:
// Debian's `chromium` package, or the browser STORYLINE_CHROMIUM points at. On Debian as root the
// package is installed when missing; elsewhere the run stops with one line saying what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.env.STORYLINE_CHROMIUM || '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);
if (process.env.STORYLINE_CHROMIUM) {
  console.error(`storyline tests: STORYLINE_CHROMIUM is ${wanted}, which does not exist`);
  process.exit(1);
}
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isDebian || !isRoot) {
  console.error('storyline tests: the browser test needs Chromium: install the Debian package `chromium` (apt-get install chromium), or set STORYLINE_CHROMIUM to another Chromium executable');
  process.exit(1);
}
console.error('storyline tests: installing Debian\'s chromium package for the browser test…');
const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', 'chromium']) || !existsSync('/usr/bin/chromium')) {
  console.error('storyline tests: could not install the Debian package `chromium` with apt-get; install it by hand or set STORYLINE_CHROMIUM');
  process.exit(1);
}
