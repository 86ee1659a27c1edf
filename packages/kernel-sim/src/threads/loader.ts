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
 * The process's other flags (export conditions, `--cpu-prof`, ...) are passed on either way.
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
  const underTsx = process.execArgv.some(isTsx);
  if (!fromSources && !underTsx) return { url: worker, execArgv: undefined, entry: undefined };
  const flags = withoutTsx(process.execArgv);
  if (fromSources && !flags.some((flag) => /^(?:--conditions|-C)=source$/.test(flag))) flags.push('--conditions=source');
  return { url: new URL('../../src/threads/ts-boot.mjs', here), execArgv: flags, entry: worker.href };
}

function isTsx(flag: string): boolean {
  return /(?:^|[\\/])tsx(?:[\\/]|$)/.test(flag);
}

/**
 * The process's flags without tsx's own (`--require .../tsx/...`, `--import .../tsx/...`),
 * which the boot file replaces; flags and their values joined as `--flag=value`.
 */
function withoutTsx(argv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const takesValue = /^(?:--require|-r|--import|--loader|--experimental-loader|--conditions|-C)$/.test(flag);
    const value = takesValue && i + 1 < argv.length ? argv[++i]! : undefined;
    if (isTsx(flag) || (value !== undefined && isTsx(value))) continue;
    flags.push(value === undefined ? flag : `${flag === '-C' ? '--conditions' : flag}=${value}`);
  }
  return flags;
}
