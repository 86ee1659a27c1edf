/**
 * Runs fuzz cases over the corpus in a worker thread with a watchdog: a case that takes
 * longer than `stallMs` counts as a hang, and the run stops there.
 */
import { Worker } from 'node:worker_threads';

export interface FuzzFailure {
  readonly index: number;
  readonly file: string;
  readonly steps: readonly string[];
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly cases: number;
  readonly failures: readonly FuzzFailure[];
  /** The case that did not finish, if one did not. */
  readonly hung?: number;
  readonly slowestCaseMs: number;
  readonly slowestCase: number;
  readonly totalMs: number;
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed?: number;
  readonly first?: number;
  readonly stallMs?: number;
  /** Called every `progressEvery` cases. */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

export function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { cases, seed = 0x5eed, first = 0, stallMs = 10_000, progressEvery = 500 } = options;
  const start = performance.now();
  // The worker is TypeScript: load it through tsx's API (resolved from the working
  // directory, which is inside the repository when tests and scripts run).
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${entry}, ${entry}))`, {
    eval: true,
    workerData: { seed, first, count: cases },
  });
  const failures: FuzzFailure[] = [];
  return new Promise((resolve, reject) => {
    let current = first;
    let watchdog: NodeJS.Timeout;
    const finish = (report: Partial<FuzzReport>): void => {
      clearTimeout(watchdog);
      resolve({ seed, cases, failures, slowestCaseMs: 0, slowestCase: first, totalMs: performance.now() - start, ...report });
    };
    const arm = (ms: number): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        finish({ hung: current });
      }, ms);
    };
    // Starting a worker that compiles TypeScript takes seconds on a busy machine.
    arm(Math.max(stallMs, 60_000));
    worker.on('message', (message: { case?: number; failure?: FuzzFailure; done?: boolean; slowestMs?: number; slowestCase?: number }) => {
      if (message.case !== undefined) {
        current = message.case;
        if ((current - first) % progressEvery === 0) options.onProgress?.(current - first);
        arm(stallMs);
      }
      if (message.failure !== undefined) failures.push(message.failure);
      if (message.done === true) {
        void worker.terminate();
        finish({ slowestCaseMs: message.slowestMs ?? 0, slowestCase: message.slowestCase ?? first });
      }
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
  });
}
