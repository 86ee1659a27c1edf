/** Runs `flounderc` in this process, collecting what it prints. */
import { run } from '../src/cli.js';

export async function flounderc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
