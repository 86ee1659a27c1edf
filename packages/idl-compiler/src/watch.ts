/**
 * `flounderc --watch`: compile, then recompile whenever an input changes. Changes are
 * debounced (an editor's save is several file system events); only the interfaces whose
 * text changed since their last good build are regenerated (all of them when an include
 * changes); outputs are written atomically and files already up to date are not touched. An
 * input with errors is reported and its last good outputs stay as they are; the watcher
 * keeps watching until it is closed.
 * @module
 */
import { watch as watchFs, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { compile, emitKinds, type CompileOptions, type CompileResult } from './compile.js';

export interface WatchOptions extends Omit<CompileOptions, 'check'> {
  readonly outDir: string;
  /** How long the inputs must stay quiet after a change before recompiling, in ms (default 100). */
  readonly debounceMs?: number;
  /** Called after every build, the first one included. */
  readonly onBuild?: (build: WatchBuild) => void;
  /** Called when a build fails for a reason other than the input (an output cannot be written). */
  readonly onError?: (error: unknown) => void;
}

export interface WatchBuild extends CompileResult {
  /** The interface files this build compiled: those changed since their last good build. */
  readonly compiled: readonly string[];
}

export interface Watcher {
  /** Resolves with the first build. */
  readonly ready: Promise<WatchBuild>;
  /** Stops watching; resolves once a build in progress has finished. */
  close(): Promise<void>;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Compiles `files` into `options.outDir` and keeps them compiled as they change. */
export function watch(files: readonly string[], options: WatchOptions): Watcher {
  emitKinds(options.emit); // an unknown kind fails now, not at the first change
  const includes = options.includes ?? [];
  /** The text each interface had at its last good build; missing: never built well. */
  const good = new Map<string, string>();
  let goodIncludes: (string | undefined)[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let settle: { resolve(build: WatchBuild): void; reject(error: unknown): void } | undefined;
  const ready = new Promise<WatchBuild>((resolve, reject) => (settle = { resolve, reject }));

  async function build(): Promise<WatchBuild | undefined> {
    const includeTexts = await Promise.all(includes.map(readText));
    const includesChanged = goodIncludes === undefined || includeTexts.some((t, i) => t !== goodIncludes![i]);
    const texts = await Promise.all(files.map(readText));
    const changed = files.filter((file, i) => includesChanged || texts[i] === undefined || good.get(file) !== texts[i]);
    if (changed.length === 0) return undefined;
    const result = await compile(changed, options);
    if (result.ok) {
      goodIncludes = includeTexts;
      for (const file of changed) good.set(file, texts[files.indexOf(file)]!);
    }
    const done: WatchBuild = { ...result, compiled: changed };
    options.onBuild?.(done);
    return done;
  }

  /** Runs a build now, or right after the one running. */
  function rebuild(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = build()
      .then((done) => {
        if (done) settle?.resolve(done);
        settle = undefined;
      })
      .catch((error: unknown) => {
        if (settle) settle.reject(error);
        else options.onError?.(error);
        settle = undefined;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          rebuild();
        }
      });
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(rebuild, options.debounceMs ?? 100);
  }

  // Watch directories, not files: editors often save by writing a new file and renaming it
  // over the old one, which a watch on the old file would not see.
  const byDirectory = new Map<string, Set<string>>();
  for (const file of [...files, ...includes]) {
    const dir = dirname(resolve(file));
    if (!byDirectory.has(dir)) byDirectory.set(dir, new Set());
    byDirectory.get(dir)!.add(basename(file));
  }
  const watchers: FSWatcher[] = [...byDirectory].map(([dir, names]) =>
    watchFs(dir, (_event, name) => {
      if (name === null || names.has(name)) schedule();
    }),
  );

  rebuild();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await running;
    },
  };
}
