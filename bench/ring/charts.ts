/**
 * The ring charts: latency against ring size as the thesis' Figure 4.11 (mean and standard
 * deviation, log-log, with Go's hop on the development machine as a line), and the cost of a
 * hop at each size.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RingPoint, RingResults } from './main.js';

const RINGS = { local: 'within one dispatcher', spread: 'spread over the cores of one socket' } as const;
const TIMINGS = { deterministic: 'deterministic clock', measured: 'measured clock', wall: 'wall-clock' } as const;

interface Row {
  readonly ring: string;
  readonly timing: string;
  readonly size: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** The median trip over the ring size: a hop, robust to the trips a pause interrupted. */
  readonly perHopNs: number;
}

function rows(points: readonly RingPoint[]): Row[] {
  return points.flatMap((p) =>
    (['deterministic', 'measured', 'wall'] as const).flatMap((timing) => {
      const l = p[timing];
      if (l === undefined) return [];
      // On a log scale a bar cannot reach below zero: it stops at a tenth of the mean.
      const low = Math.max(l.mean - l.std, l.mean / 10);
      return [{ ring: RINGS[p.ring], timing: TIMINGS[timing], size: p.size, mean: l.mean, low, high: l.mean + l.std, perHopNs: (l.median * 1e3) / p.size }];
    }),
  );
}

const sizeAxis = { field: 'size', type: 'quantitative', title: 'ring size (tasks)', scale: { type: 'log' } } as const;
const color = { field: 'timing', type: 'nominal', title: null, sort: Object.values(TIMINGS), legend: { orient: 'bottom' } } as const;

/** Figure 4.11: latency of a trip against ring size. */
export function latencyChart(results: RingResults): TopLevelSpec {
  const data = rows(results.points);
  const go = [...new Set(results.points.map((p) => p.size))].flatMap((size) =>
    Object.values(RINGS).map((ring) => ({ ring, size, go: (size * results.goHopNs) / 1e3 })),
  );
  return {
    title: {
      text: 'Ring: a message around a ring of tasks (thesis Figure 4.11)',
      subtitle: [
        `Mean and standard deviation of ${results.runs} trips per size; unbuffered channels. Dashed grey: Go, ${results.goHopNs.toFixed(1)} ns a hop on the development machine.`,
        'Within one dispatcher the modelled machine charges nothing, so only the measured clock and the wall-clock are shown.',
      ],
    },
    facet: { column: { field: 'ring', type: 'nominal', title: null, sort: Object.values(RINGS) } },
    data: { values: [...data, ...go] },
    spec: {
      width: 320,
      height: 260,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.go)' }],
          mark: { type: 'line', strokeDash: [5, 4], color: '#888', point: false },
          encoding: { x: sizeAxis, y: { field: 'go', type: 'quantitative' } },
        },
        {
          transform: [{ filter: 'isValid(datum.mean)' }],
          mark: { type: 'rule' },
          encoding: { x: sizeAxis, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
        },
        {
          transform: [{ filter: 'isValid(datum.mean)' }],
          mark: { type: 'line', point: true },
          encoding: {
            x: sizeAxis,
            y: { field: 'mean', type: 'quantitative', title: 'microseconds a trip', scale: { type: 'log' } },
            color,
          },
        },
      ],
    },
  };
}

/** Nanoseconds per hop at each size: flat where latency is linear in size. */
export function perHopChart(results: RingResults): TopLevelSpec {
  return {
    title: {
      text: 'Ring: the cost of one hop at each size',
      subtitle: `The median trip over ring size (robust to the trips a pause interrupted). Dashed grey: Go, ${results.goHopNs.toFixed(1)} ns a hop on the development machine.`,
    },
    facet: { column: { field: 'ring', type: 'nominal', title: null, sort: Object.values(RINGS) } },
    data: { values: rows(results.points).map((r) => ({ ...r, go: results.goHopNs })) },
    spec: {
      width: 320,
      height: 220,
      layer: [
        { mark: { type: 'rule', strokeDash: [5, 4], color: '#888' }, encoding: { y: { field: 'go', type: 'quantitative', aggregate: 'min' } } },
        {
          mark: { type: 'line', point: true },
          encoding: { x: sizeAxis, y: { field: 'perHopNs', type: 'quantitative', title: 'nanoseconds a hop', scale: { type: 'log' } }, color },
        },
      ],
    },
  };
}

/** Every ring chart, by file name. */
export function ringCharts(results: RingResults): [string, TopLevelSpec][] {
  return [
    ['ring.svg', latencyChart(results)],
    ['ring-per-hop.svg', perHopChart(results)],
  ];
}
