/**
 * Charts of the evaluation as SVG, drawn by Vega-Lite without a browser: a spec in, the SVG
 * text out. Every chart shares one look, set here.
 * @module
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeResult } from './results.js';

/** The look every chart shares. */
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  line: { point: true, strokeWidth: 1.5 },
  point: { size: 25 },
  range: { category: { scheme: 'tableau10' } },
} as const;

/** Vega-Lite's one warning that says nothing about the chart: its data flow optimizer gave up early. */
const BENIGN = /^Maximum optimization runs/;

/** A Vega-Lite logger that makes every other warning an error: a chart should compile cleanly. */
function strictLogger(title: string): ReturnType<typeof vega.logger> {
  const logger = vega.logger(vega.Warn);
  const fail = (...args: readonly unknown[]): never => {
    throw new Error(`chart '${title}': ${args.map(String).join(' ')}`);
  };
  logger.warn = (...args: readonly unknown[]) => {
    if (!BENIGN.test(String(args[0]))) fail(...args);
    return logger;
  };
  logger.error = fail;
  return logger;
}

/** Renders a Vega-Lite spec to SVG text; a warning about the spec is an error. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...spec.config } } as TopLevelSpec;
  const title = typeof spec.title === 'object' && spec.title !== null && 'text' in spec.title ? String(spec.title.text) : String(spec.title ?? 'untitled');
  const compiled = compile(withConfig, { logger: strictLogger(title) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders every chart of `charts` (file name, spec) into `dir`. */
export async function writeCharts(dir: string, charts: readonly (readonly [string, TopLevelSpec])[]): Promise<void> {
  for (const [name, spec] of charts) writeResult(dir, name, await renderSvg(spec));
}
