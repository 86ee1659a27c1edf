/**
 * The statistics the evaluation reports: mean and standard deviation of repeated runs, and
 * the straight line through a series (the ring's latency against its size).
 * @module
 */

/** The mean of `xs`. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('mean of no values');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The median of `xs`: the mean of the middle two for an even count. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of no values');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The sample standard deviation of `xs` (0 for a single value). */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let sum = 0;
  for (const x of xs) sum += (x - m) ** 2;
  return Math.sqrt(sum / (xs.length - 1));
}

/** A least-squares line `y = intercept + slope * x`, and how much of the variance it explains. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** The coefficient of determination: 1 for points exactly on the line. */
  readonly r2: number;
}

/** The least-squares line through the points (`xs[i]`, `ys[i]`). */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  if (xs.length !== ys.length || xs.length < 2) throw new RangeError('a line needs two or more points, as many x as y');
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError('a line needs two different x values');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
