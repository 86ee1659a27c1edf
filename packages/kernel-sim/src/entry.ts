/**
 * Domain entries: a domain's main function named by its module and export name instead of
 * given as a closure. Closures cannot cross threads, so this is how domains are spawned on
 * the threads platform; the simulator takes entries too, so the same application code (a
 * module of exported domain functions) runs on both platforms.
 */

import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Dispatcher } from './dispatcher.js';

/** A domain's main function: it gets its dispatcher and the entry's `arg`. */
export type DomainMain = (disp: Dispatcher, arg: unknown) => unknown;

/** A domain's main function, named so that any thread can load it. */
export interface DomainEntry {
  /**
   * The module: a `file:` URL (`new URL('./app.js', import.meta.url)`), an absolute path, or
   * a package specifier. Relative paths are refused: relative to what would be a guess.
   */
  readonly module: string | URL;
  /** The name of the exported function. */
  readonly export: string;
  /**
   * A value for the main function's second argument: on threads copied with the structured
   * clone algorithm (no functions, no class instances beyond the built-in ones), in the
   * simulator passed as it is.
   */
  readonly arg?: unknown;
}

/** A domain spawned from an entry. */
export interface DomainHandle {
  readonly name: string;
  readonly core: number;
  /** Its dispatcher's name, `name@core`. */
  readonly dispatcher: string;
  /**
   * What its main function returned (a copy, on threads), once it has; rejects with the
   * error if the domain failed or was lost with its thread.
   */
  readonly result: Promise<unknown>;
}

/**
 * A domain's result to settle later. A result nobody asks for never counts as an unhandled
 * rejection (the run reports the failure); awaiting it still gives the error.
 */
export function pendingResult(): { result: Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void } {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const result = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  result.catch(() => {});
  return { result, resolve, reject };
}

/** Whether `main` is an entry rather than a function. */
export function isDomainEntry(main: unknown): main is DomainEntry {
  return typeof main === 'object' && main !== null && 'module' in main && 'export' in main;
}

/** The entry's module as a specifier any thread can import; a clear error for a bad entry. */
export function entrySpecifier(entry: DomainEntry, where: string): string {
  const { module } = entry;
  if (typeof entry.export !== 'string' || entry.export === '') {
    throw new TypeError(`${where}: the entry's export must be the name of an exported function, got ${String(entry.export)}`);
  }
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module === '') {
    throw new TypeError(`${where}: the entry's module must be a URL, an absolute path or a package name, got ${String(module)}`);
  }
  if (module.startsWith('./') || module.startsWith('../')) {
    throw new TypeError(`${where}: the module '${module}' is relative; give new URL('${module}', import.meta.url) or an absolute path`);
  }
  if (isAbsolute(module)) return pathToFileURL(module).href;
  return module;
}

/** Loads the entry's function; throws a clear error when the module has no such export. */
export async function loadEntry(specifier: string, name: string, where: string): Promise<DomainMain> {
  const module = (await import(specifier)) as Record<string, unknown>;
  const fn = module[name];
  if (typeof fn !== 'function') {
    const functions = Object.keys(module).filter((key) => typeof module[key] === 'function');
    throw new TypeError(
      `${where}: module ${specifier} has no exported function '${name}'` + (functions.length > 0 ? `; its functions: ${functions.join(', ')}` : ''),
    );
  }
  return fn as DomainMain;
}
