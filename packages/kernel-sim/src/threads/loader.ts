/**
 * How a worker thread of a threads machine is started, so that it loads the same code as
 * the thread that made it.
 *
 * - From the built package (`dist/`, plain JavaScript): the worker is `dist/threads/worker.js`
 *   and inherits the process's flags.
 * - From the TypeScript sources (vitest, `tsx --conditions=source`), or when the program runs
 *   under tsx (its domain modules may be TypeScript): worker threads do not inherit loader
 *   hooks, so the worker starts at `src/threads/ts-boot.mjs`, which registers tsx's hooks and
 *   then loads the worker module. From the sources the worker also gets the `source` export
 *   condition, so that `@flounder-ts/*` resolve to their sources there too, as they do here.
 *
 * Export conditions given to this process (`--conditions`, `-C`) are passed on either way.
 */

/** The worker's module, its flags, and the module the boot file loads, if it starts through one. */
export interface WorkerLaunch {
  readonly url: URL;
  readonly execArgv: string[] | undefined;
  readonly entry: string | undefined;
}

export function workerLaunch(): WorkerLaunch {
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  const worker = new URL(fromSources ? './worker.ts' : './worker.js', here);
  const underTsx = process.execArgv.some((flag) => /[\\/]tsx[\\/]/.test(flag));
  if (!fromSources && !underTsx) return { url: worker, execArgv: undefined, entry: undefined };
  const flags = conditionFlags(process.execArgv);
  if (fromSources && !flags.includes('--conditions=source')) flags.push('--conditions=source');
  return { url: new URL('../../src/threads/ts-boot.mjs', here), execArgv: flags, entry: worker.href };
}

/** The export conditions among `argv`, each as `--conditions=NAME`. */
function conditionFlags(argv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(flag);
    if (inline) flags.push(`--conditions=${inline[1]}`);
    else if ((flag === '--conditions' || flag === '-C') && i + 1 < argv.length) flags.push(`--conditions=${argv[++i]}`);
  }
  return flags;
}
