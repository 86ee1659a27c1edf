/**
 * The ping-pong charts: runtime against clients as the thesis' Figure 4.18 (the four
 * pairings) and Figure 4.21 (the optimized variant), each with a panel per way of timing,
 * and how busy the server's core was.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { THESIS_PINGPONG } from '../lib/thesis.js';
import type { PingPongResults } from './main.js';
import { BASELINE, DISPATCHING, PAIRINGS, VARIANTS, type Variant } from './variants.js';

/** Our panels, in order. */
export const TIMINGS = ['deterministic clock (simulated)', 'measured clock (simulated)', 'wall-clock (simulator)'] as const;
/** The panel of the thesis' figures, first. */
const THESIS_PANEL = 'the thesis (Ivy Bridge, wall-clock)';

interface Row {
  readonly clients: number;
  /** The variant (or the thesis' figure without one), which gives the colour. */
  readonly group: string;
  readonly source: 'ours' | 'thesis';
  readonly timing: string;
  /** Seconds for 1,000,000 pings. */
  readonly seconds: number;
}

/** Our rows for `variants`, one per point and timing, scaled to 1,000,000 pings. */
function ours(results: PingPongResults, variants: readonly Variant[]): Row[] {
  const scale = 1e6 / results.pings;
  const keys = new Set(variants.map((v) => v.key));
  return results.points
    .filter((p) => keys.has(p.variant))
    .flatMap((p) => {
      const group = variants.find((v) => v.key === p.variant)!.label;
      const values = [p.deterministic.seconds, p.measured.seconds, p.wall.seconds];
      return TIMINGS.map((timing, i) => ({ clients: p.clients, group, source: 'ours' as const, timing, seconds: values[i]! * scale }));
    });
}

/** The thesis' figures for `pairings`, in a panel of their own, in the colour of our counterpart. */
function thesis(pairings: readonly string[], variants: readonly Variant[]): Row[] {
  return THESIS_PINGPONG.filter((t) => pairings.includes(t.pairing)).map((t) => {
    const counterpart = variants.find((v) => v.thesis === t.pairing);
    const group = counterpart?.label ?? `thesis: ${t.pairing}`;
    return { clients: t.clients, group, source: 'thesis' as const, timing: THESIS_PANEL, seconds: t.seconds };
  });
}

/**
 * Runtime against clients: the thesis' figures (diamonds) in the first panel, then a panel
 * per timing of ours, each on a log scale of its own, so that a step stands out in each.
 */
function runtimeChart(title: string, subtitle: string[], rows: Row[], groups: string[]): TopLevelSpec {
  const color = { field: 'group', type: 'nominal', title: null, sort: groups, legend: { orient: 'bottom', columns: 2, labelLimit: 400 } } as const;
  const shape = {
    field: 'source',
    type: 'nominal',
    title: null,
    scale: { domain: ['ours', 'thesis'], range: ['circle', 'diamond'] },
    legend: { orient: 'bottom', labelExpr: "datum.label === 'ours' ? 'ours' : 'the thesis (Ivy Bridge, wall-clock)'" },
  } as const;
  return {
    title: { text: title, subtitle },
    data: { values: rows },
    facet: { column: { field: 'timing', type: 'nominal', sort: [THESIS_PANEL, ...TIMINGS], title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 230,
      height: 230,
      layer: [
        {
          mark: { type: 'rule', strokeDash: [4, 3], color: '#999' },
          encoding: { x: { datum: 8.5, type: 'quantitative' } },
        },
        {
          mark: { type: 'line' },
          encoding: {
            x: { field: 'clients', type: 'quantitative', title: 'clients', scale: { domain: [1, 18] }, axis: { values: [1, 3, 6, 9, 12, 15, 18] } },
            y: { field: 'seconds', type: 'quantitative', title: 'seconds for 1,000,000 pings', scale: { type: 'log', nice: false, padding: 8 } },
            color,
          },
        },
        {
          mark: { type: 'point', filled: true, opacity: 1 },
          encoding: {
            x: { field: 'clients', type: 'quantitative' },
            y: { field: 'seconds', type: 'quantitative' },
            color,
            shape,
            size: { condition: { test: "datum.source === 'thesis'", value: 80 }, value: 25 },
          },
        },
      ],
    },
  };
}

function subtitle(results: PingPongResults, more: string): string[] {
  const scaled = results.pings === 1e6 ? '' : ` (this run: ${results.pings.toLocaleString('en')} pings, scaled)`;
  return [
    `1,000,000 pings${scaled} split over the clients; server on core 1, clients on cores 2, 3, ... of ivybridge-2x10. Dashed: from 9 clients on, clients sit on the second NUMA node.`,
    more,
  ];
}

/** Figure 4.18: the four pairings. */
export function pairingsChart(results: PingPongResults): TopLevelSpec {
  const pairings = ['Go server, Go client', 'C server, C client'];
  return runtimeChart(
    'Ping-pong in the four pairings (thesis Figure 4.18)',
    subtitle(results, 'The channel API is the thesis\' "Go", the handler API its "C".'),
    [...ours(results, PAIRINGS), ...thesis(pairings, PAIRINGS)],
    PAIRINGS.map((v) => v.label),
  );
}

/** Figure 4.21: the optimized variant beside channel/channel and handler/handler. */
export function optimizedChart(results: PingPongResults): TopLevelSpec {
  const variants = [PAIRINGS.find((v) => v.key === 'channel/channel')!, DISPATCHING, PAIRINGS.find((v) => v.key === BASELINE)!];
  const pairings = ['Go server, Go client', 'w/o Channels (Go server, Go client)', 'w/o Channels, optimized (Go server, Go client)', 'C server, C client'];
  return runtimeChart(
    'Ping-pong without channels (thesis Figure 4.21)',
    subtitle(results, 'Handlers dispatched by the main task is the thesis\' Figure 4.22, "w/o Channels".'),
    [...ours(results, variants), ...thesis(pairings, variants)],
    [...variants.map((v) => v.label), 'thesis: w/o Channels, optimized (Go server, Go client)'],
  );
}

/** How busy the server's core was, against clients, for each clock: where it saturates. */
export function serverBusyChart(results: PingPongResults, variants: readonly Variant[] = VARIANTS): TopLevelSpec {
  const rows = results.points.flatMap((p) => {
    const series = variants.find((v) => v.key === p.variant)!.label;
    return [
      { clients: p.clients, series, clock: 'deterministic clock', busy: p.deterministic.serverBusy },
      { clients: p.clients, series, clock: 'measured clock', busy: p.measured.serverBusy },
    ];
  });
  return {
    title: {
      text: 'How busy the server\'s core is',
      subtitle: 'Busy cycles over the run, server core 1; at 1.0 the server is saturated and more clients cannot make the run shorter.',
    },
    data: { values: rows },
    facet: { column: { field: 'clock', type: 'nominal', title: null } },
    spec: {
      width: 320,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'clients', type: 'quantitative', title: 'clients', scale: { domain: [1, 18] }, axis: { values: [1, 3, 6, 9, 12, 15, 18] } },
        y: { field: 'busy', type: 'quantitative', title: 'busy fraction', scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: null, sort: variants.map((v) => v.label), legend: { orient: 'bottom', columns: 3, labelLimit: 400 } },
      },
    },
  };
}

/** Every ping-pong chart, by file name. */
export function pingpongCharts(results: PingPongResults): [string, TopLevelSpec][] {
  return [
    ['pingpong.svg', pairingsChart(results)],
    ['pingpong-optimized.svg', optimizedChart(results)],
    ['pingpong-server-busy.svg', serverBusyChart(results)],
  ];
}
