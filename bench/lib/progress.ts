/**
 * A progress bar for long benchmark runs, drawn on standard error and only on a terminal:
 * logs and CI output stay free of it.
 * @module
 */
import cliProgress from 'cli-progress';

/** Counts steps of a run towards its total. */
export interface Progress {
  /** One step done; `what` names the next one. */
  tick(what?: string): void;
  /** Removes the bar. */
  stop(): void;
}

const SILENT: Progress = { tick() {}, stop() {} };

/** A bar of `total` steps labelled `label`, or one that draws nothing when standard error is no terminal. */
export function progress(label: string, total: number): Progress {
  if (!process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} {what} | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { what: '' });
  return {
    tick: (what = '') => bar.increment(1, { what }),
    stop: () => bar.stop(),
  };
}
