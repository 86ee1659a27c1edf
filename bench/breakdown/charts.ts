/**
 * The breakdown chart (thesis Figure 4.19): a round trip as a bar of its stages, for the
 * channel API with each clock and the handler API beside it.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BreakdownResults } from './main.js';

/** What each stage is, in the order the bars stack them. */
export const STAGES: readonly (readonly [string, string])[] = [
  ['ump send', 'UMP send: slot written, line stall (modelled)'],
  ['transfer', 'line transfer to the receiver (modelled)'],
  ['dispatch', 'waitset dispatch (modelled)'],
  ['ump recv', 'UMP receive (modelled)'],
  ['context switch', 'context switch (modelled)'],
  ['event loop', 'event loop: machine and waitset (code)'],
  ['handler', 'handler: binding receives, decodes (code)'],
  ['deliver', 'hand-off to the receiving task (code)'],
  ['task', 'task: woken, runs its loop (code)'],
  ['send', 'send: front end, encode, binding (code)'],
  ['waiting', 'waiting'],
];

/** Figure 4.19: where a round trip's time goes. */
export function breakdownChart(results: BreakdownResults): TopLevelSpec {
  const names = new Map(STAGES);
  const rows = results.configs.flatMap((c) =>
    c.stages.map((s) => ({ config: c.label, stage: names.get(s.stage) ?? s.stage, order: STAGES.findIndex(([k]) => k === s.stage), ns: s.ns, percent: s.percent })),
  );
  return {
    title: {
      text: 'Where a ping-pong round trip goes (thesis Figure 4.19)',
      subtitle: [
        `One client on core 2, the server on core 1; the mean of ${results.roundTrips - results.skip} round trips read off the trace (interrupted ones left out).`,
        'Modelled: what the cost model charges. Code: the real time of our code, as the measured clock charges it. With the handler API the handler also answers.',
      ],
    },
    data: { values: rows },
    width: 560,
    height: 130,
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'config', type: 'nominal', title: null, sort: results.configs.map((c) => c.label), axis: { labelLimit: 300 } },
      x: { field: 'ns', type: 'quantitative', title: 'nanoseconds a round trip (modelled machine)', stack: 'zero' },
      color: {
        field: 'stage',
        type: 'nominal',
        title: null,
        sort: STAGES.map(([, label]) => label),
        scale: { scheme: 'tableau20' },
        legend: { orient: 'bottom', columns: 2, labelLimit: 400 },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

/** Every breakdown chart, by file name. */
export function breakdownCharts(results: BreakdownResults): [string, TopLevelSpec][] {
  return [['breakdown.svg', breakdownChart(results)]];
}
