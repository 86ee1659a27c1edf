/**
 * Loading big CommonJS bundles with a V8 code cache, the way Node 22's
 * `module.enableCompileCache()` does, for the Node versions that lack it (20 and 21).
 *
 * TypeScript, which ts-morph bundles, is 9 MB of JavaScript: compiling it is a good part of
 * every `flounderc` run's start. V8 can save the code it compiled for a script and take it
 * back next time, when it is given the same source. So the first run compiles the bundles
 * and saves their code into the OS temporary directory; later runs start from it.
 *
 * The cache is an optimisation only: a file that is missing, unreadable, stale or refused by
 * V8 (which checks the source, its own version and flags) means an ordinary compile, and a
 * failure to save it is ignored. Caches are written whole or not at all (a temporary file
 * renamed over the old one).
 * @module
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Where the caches go: beside Node's own compile cache, which defaults to the temporary directory too. */
const CACHE_DIR = join(tmpdir(), 'flounderc-code-cache');

/** Node 22's own compile cache, where there is one. */
const enableCompileCache = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;

/** The bundles compiled without a usable cache: their code, to be saved. */
const unsaved: Compiled[] = [];

/**
 * The cache file of a script: any change to the file or to Node gives another name. V8's
 * flags are not in the name (a profiler's flags would make a new 8 MB cache for every output
 * directory named): V8 checks them itself, and a cache made under other flags is written again.
 */
function cacheFileOf(filename: string): string {
  const { size, mtimeMs } = statSync(filename);
  const key = JSON.stringify([filename, size, mtimeMs, process.version, process.arch]);
  return join(CACHE_DIR, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.bin`);
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** What CommonJS wraps a module's source in (`Module.wrap`), before and after it. */
const [WRAPPER_HEAD, WRAPPER_TAIL] = Module.wrap('\0').split('\0') as [string, string];

/**
 * A bundle's source wrapped as `Module.wrap` does, read straight into one buffer and made one
 * flat string. Joined strings would have V8 copy all 9 MB of TypeScript into a flat one to
 * look up its cache, and decoding them as UTF-8 takes about 100 ms; bundles are ASCII
 * (TypeScript's is), and ASCII is read as Latin-1 into the same string in a copy. Where page
 * faults are slow (virtual machines), each 9 MB copy saved is some 30 ms of a cold start.
 */
function wrappedSource(filename: string): string {
  const fd = openSync(filename, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.allocUnsafe(WRAPPER_HEAD.length + size + WRAPPER_TAIL.length);
    bytes.write(WRAPPER_HEAD, 0, 'latin1');
    for (let read = 0; read < size;) {
      const n = readSync(fd, bytes, WRAPPER_HEAD.length + read, size - read, null);
      if (n === 0) throw new Error(`${filename} shrank while being read`); // an ordinary require, then
      read += n;
    }
    bytes.write(WRAPPER_TAIL, WRAPPER_HEAD.length + size, 'latin1');
    return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A bundle compiled with its code cache, not run yet. */
interface Compiled {
  readonly filename: string;
  readonly script: Script;
  readonly cacheFile: string;
  /** Whether V8 took the cache (if not, the code is saved for the next run). */
  readonly cached: boolean;
}

/** Compiles the CommonJS file `filename` with its code cache; `undefined` if anything fails. */
function compileCached(filename: string): Compiled | undefined {
  try {
    const cacheFile = cacheFileOf(filename);
    const cachedData = readCache(cacheFile);
    const script = new Script(wrappedSource(filename), { filename, cachedData });
    return { filename, script, cacheFile, cached: cachedData !== undefined && script.cachedDataRejected === false };
  } catch {
    return undefined;
  }
}

/** Runs a compiled bundle and puts it in `require.cache`, as `require` would. Its own `require`s are ordinary ones. */
function run({ filename, script }: Compiled): void {
  const module = new Module(filename);
  module.filename = filename;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(filename));
  const require = createRequire(filename);
  require.cache[filename] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  module.loaded = true;
}

/**
 * Requires `specifier` from `base` (a file URL or path), first running `bundles` (its big
 * CommonJS files, each resolved from `base`, in the order they require one another) with
 * their code caches. On Node 22 and later, Node's own compile cache is turned on instead,
 * for every module loaded from then on.
 *
 * A cache that cannot be used means a plain compile; an error the bundle itself throws is
 * thrown, as from `require`.
 */
export function requireWithCodeCache(base: string | URL, specifier: string, bundles: readonly string[]): unknown {
  const require = createRequire(base);
  if (enableCompileCache !== undefined) {
    try {
      enableCompileCache();
    } catch {
      // no cache: an ordinary load
    }
    return require(specifier);
  }
  for (const bundle of bundles) {
    const filename = require.resolve(bundle);
    if (require.cache[filename] !== undefined) continue;
    const compiled = compileCached(filename);
    if (compiled === undefined) continue; // left to the ordinary require
    run(compiled);
    if (!compiled.cached) unsaved.push(compiled);
  }
  return require(specifier);
}

/**
 * Saves the code of the bundles that ran without a usable cache (with every function compiled
 * so far), once: later calls save nothing. Returns the cache files written.
 */
export function saveCodeCaches(): string[] {
  const written: string[] = [];
  for (const { script, cacheFile } of unsaved.splice(0)) {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      written.push(cacheFile);
    } catch {
      // Not saved: the next run compiles again, and tries again.
      rmSync(temporary, { force: true });
    }
  }
  return written;
}
