/**
 * Generating many modules at once. Where there are cores to spare (see `CORES_FOR_V8`), as a
 * pipeline: this thread builds each module's text with ts-morph and hands it to prettier on
 * worker threads, which format it while this thread builds the next; once all are built,
 * this thread formats too, from the last text back, until it meets the threads. Each text has
 * a claim in memory shared with the threads, and whoever takes it first formats it: the
 * threads never wait for this thread to hand them more, nor it for them, and they finish
 * together. ts-morph is loaded only here. Few modules, or a machine without cores to spare,
 * are built and formatted on this thread alone. The output is the same either way.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Interface } from '../model.js';
import type { GenerateOptions } from './module.js';
import { putBack, setAside } from './preformatted.js';
import { FALLBACK_PARSER, FALLBACK_PLUGINS, OXC_PLUGIN, PRETTIER, PRETTIER_OPTIONS } from './prettier-options.js';

/** Below this many modules, a formatting thread is not worth starting. */
export const PIPELINE_THRESHOLD = 8;
/** At most this many formatting threads. */
const MAX_FORMATTERS = 4;

/** At most this many warm-up rounds on a formatting thread that has no text yet (about a second of work). */
const MAX_WARMUPS = 40;

/**
 * A formatting thread: loads prettier, then formats whatever is posted, in order, unless
 * another formatter has claimed it first (then it replies that it is taken). Until the first
 * text comes (while the calling thread loads ts-morph and generates), it formats a sample of
 * generated code over and over: a formatter warmed up on 16 rounds of it formats the corpus
 * with about a fifth less work than one warmed up on 4, and the time is idle anyway.
 */
const FORMATTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const prettier = require(workerData.prettier);
// As prettierOptions() does on the calling thread.
const options = import(workerData.oxcPlugin).then(
  (oxc) => ({ ...workerData.options, parser: 'oxc-ts', plugins: [oxc] }),
  () => ({ ...workerData.options, parser: workerData.fallbackParser, plugins: workerData.fallbackPlugins.map((p) => require(p)) }),
);
const jobs = [];
let warmups = 0;
let running = false;
const turn = () => new Promise((resolve) => setImmediate(resolve));
async function run() {
  running = true;
  for (;;) {
    const job = jobs.shift();
    if (job !== undefined) {
      if (Atomics.compareExchange(new Int32Array(job.claims), job.slot, 0, 1) !== 0) {
        parentPort.postMessage({ id: job.id, taken: true });
        continue;
      }
      try {
        parentPort.postMessage({ id: job.id, text: await prettier.format(job.text, await options) });
      } catch (error) {
        parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) });
      }
    } else if (warmups < workerData.maxWarmups) {
      warmups++;
      await prettier.format(workerData.sample, await options);
    } else break;
    await turn(); // lets the next text in
  }
  running = false;
}
parentPort.on('message', (job) => {
  warmups = workerData.maxWarmups; // no more warming up once the real work has come
  jobs.push(job);
  if (!running) void run();
});
void run();
`;

/** Generated code of every kind, for the formatting threads to warm up on. */
const SAMPLE = `
import { defineInterface, type CapRef } from '@flounder-ts/runtime';
/** \`typedef enum { A, B } e\` */
export type E = 'A' | 'B';
export const E = { A: 'A', B: 'B' } as const;
/** \`typedef struct { uint8 x; } s\` */
export interface S { readonly x: number; readonly y: readonly [number, number] }
/** \`message m(uint32 a, String s[16], cap c)\`, number 3. */
export interface M { readonly type: 'm'; readonly a: number; readonly s: string; readonly c: CapRef; readonly e: E; readonly v: S }
export type XMessage = M | M;
export const xInterface = defineInterface<XMessage>({ name: 'x', description: 'x', messages: {
  m: { number: 3, kind: 'call', rpc: 'r', fields: { a: 'uint32', s: { string: 16 }, c: 'cap', e: { enum: E }, 'v.x': 'uint8' },
    lmp: [{ words: ['MSGNUM v.x TOKEN', 'a e'], cap: 'c' }, { overflow: 's' }], ump: [['v.x a', 'e'], { overflow: 's' }] },
} });
`;

type Reply = { id: number; text: string } | { id: number; error: string } | { id: number; taken: true };

/**
 * One build's claims on its texts, in memory shared with the formatting threads: whoever
 * claims a text first (a thread, in the order they were posted, or this thread, from the
 * last back) formats it.
 */
class Claims {
  readonly slots: Int32Array;

  constructor(count: number) {
    this.slots = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  }

  /** Claims text `index` for this thread: false if a formatting thread has it. */
  take(index: number): boolean {
    return Atomics.compareExchange(this.slots, index, 0, 1) === 0;
  }
}

/** Idle formatting threads end after this long, so that a long-lived process does not keep them. */
const IDLE_MS = 5_000;

/**
 * Prettier on worker threads. The threads outlive one build (a warm formatter is much faster
 * than a new one) but hold the process open only while they have work, and end when idle.
 */
class Formatters {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(text: string | undefined): void; reject(error: Error): void }>();
  private next = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(FORMATTER_SOURCE, {
        eval: true,
        workerData: {
          prettier: PRETTIER,
          options: PRETTIER_OPTIONS,
          oxcPlugin: OXC_PLUGIN,
          fallbackParser: FALLBACK_PARSER,
          fallbackPlugins: FALLBACK_PLUGINS,
          sample: SAMPLE,
          maxWarmups: MAX_WARMUPS,
        },
      });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.fail(error));
      worker.unref();
      return worker;
    });
  }

  /** The shared formatters, started with `threads` threads if there are none. */
  static shared(threads: number): Formatters {
    shared ??= new Formatters(threads);
    clearTimeout(shared.idle);
    return shared;
  }

  /**
   * Posts text `slot` of a build to a thread, which formats it unless it is claimed first
   * (then the promise gives `undefined`).
   */
  format(text: string, claims: Claims, slot: number): Promise<string | undefined> {
    const id = this.next++;
    if (this.waiting.size === 0) for (const worker of this.workers) worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, text, claims: claims.slots.buffer, slot });
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting.get(reply.id)!;
    this.waiting.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve('text' in reply ? reply.text : undefined);
    if (this.waiting.size === 0) this.rest();
  }

  private fail(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.close();
  }

  /** No work: let the process exit, and end the threads if no work comes for a while. */
  rest(): void {
    if (this.waiting.size > 0) return; // still busy with another build
    for (const worker of this.workers) worker.unref();
    this.idle = setTimeout(() => this.close(), IDLE_MS).unref();
  }

  private close(): void {
    if (shared === this) shared = undefined;
    clearTimeout(this.idle);
    for (const worker of this.workers) void worker.terminate();
  }
}

let shared: Formatters | undefined;

/**
 * Cores left to V8 itself. It compiles hot code (TurboFan) and collects garbage on background
 * threads: in a cold build of the corpus on this thread alone, those took two thirds of a
 * second core. A formatting thread has to share that core, and makes prettier's code be
 * loaded and compiled hot twice (once per thread): on two cores, a cold corpus build with one
 * took 0.85 s more CPU and no less time (1.85 s against 1.78 s at a load of 2.8; 3.7 s against
 * 3.0 s at 4.5). So threads start from the third core.
 */
const CORES_FOR_V8 = 1;

/** How many formatting threads a build of `count` modules uses (none: it all happens on this thread). */
function formattingThreads(count: number, options: GenerateOptions): number {
  if (options.format === false || count < PIPELINE_THRESHOLD) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1 - CORES_FOR_V8, MAX_FORMATTERS));
}

/**
 * Starts the formatting threads that a build of `count` modules will use, so that they load
 * prettier and warm up while the interfaces are being read and checked. They end after a
 * while if no build comes.
 */
export function prepareModules(count: number, options: GenerateOptions = {}): void {
  const threads = formattingThreads(count, options);
  if (threads > 0) Formatters.shared(threads).rest();
}

/**
 * Generates the module of every interface, in order, formatting on `threads` threads beside
 * this one (by default as many as the machine has cores for).
 */
export async function generateModules(
  models: readonly Interface[],
  options: GenerateOptions = {},
  threads = formattingThreads(models.length, options),
): Promise<string[]> {
  if (threads === 0 || options.format === false) {
    const { generateModule } = await import('./module.js');
    const texts: string[] = [];
    for (const model of models) texts.push(await generateModule(model, options));
    return texts;
  }
  // Start the formatting threads first (if `prepareModules` has not): they load prettier while this thread loads ts-morph.
  const formatters = Formatters.shared(threads);
  const { buildModule, prettierFormat } = await import('./module.js');
  const claims = new Claims(models.length);
  // Each module's text for prettier, and the pieces laid out already that it skips (`preformatted.ts`).
  const texts: { text: string; pieces: string[] }[] = [];
  const byThreads: Promise<string | undefined>[] = [];
  for (const [index, model] of models.entries()) {
    texts.push(setAside(buildModule(model)));
    byThreads.push(formatters.format(texts[index]!.text, claims, index));
    byThreads[index]!.catch(() => undefined); // a rejection is collected below, with the rest
  }
  // Everything is generated: this thread formats what the threads have not claimed yet, from the last back.
  const formatted: string[] = [];
  for (let index = models.length - 1; index >= 0; index--) {
    if (claims.take(index)) formatted[index] = await prettierFormat(texts[index]!.text);
  }
  return Promise.all(texts.map(async ({ pieces }, index) => putBack(formatted[index] ?? (await byThreads[index]!)!, pieces)));
}
