/**
 * Draws the evaluation's charts again from the JSON results in a directory, without running
 * anything: for changing how a chart looks after a long run.
 *
 *   npx tsx --conditions=source bench/charts.ts [DIR]     (bench/results by default)
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { breakdownCharts } from './breakdown/charts.js';
import { writeCharts } from './lib/chart.js';
import { RESULTS_DIR } from './lib/results.js';
import { pingpongCharts } from './pingpong/charts.js';
import { ringCharts } from './ring/charts.js';

const dir = path.resolve(process.argv[2] ?? RESULTS_DIR);
const CHARTS = {
  'pingpong.json': pingpongCharts,
  'ring.json': ringCharts,
  'breakdown.json': breakdownCharts,
} as const;

let drawn = 0;
for (const [file, charts] of Object.entries(CHARTS)) {
  const json = path.join(dir, file);
  if (!existsSync(json)) continue;
  await writeCharts(dir, charts(JSON.parse(readFileSync(json, 'utf8'))));
  drawn++;
}
if (drawn === 0) {
  console.error(`no results in ${dir}: expected one of ${Object.keys(CHARTS).join(', ')}`);
  process.exit(1);
}
console.log(`charts drawn again in ${dir}`);
