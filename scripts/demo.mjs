#!/usr/bin/env node
// npm run demo: compiles the example interfaces with flounderc (scripts/gen.mjs), then runs
// examples/demo.ts: the thesis' ping-pong and the nameservice on a simulated ivybridge-2x10.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

generate();
console.log('$ tsx examples/demo.ts\n');
const demo = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', 'examples/demo.ts'], { cwd: ROOT, stdio: 'inherit' });
process.exit(demo.status ?? 1);
