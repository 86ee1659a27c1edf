#!/usr/bin/env node
/**
 * `flounderc [options] FILE.if...`: argument parsing, exit codes and printing. The work is
 * done by `checkFiles`, `emit` and `writeOutputs`.
 *
 * Exit codes: 0 done; 1 an input is wrong (diagnostics printed) or an output cannot be
 * written; 2 the command line is wrong; 70 the compiler itself failed (a bug: please report).
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDiagnostics } from './diagnostics.js';
import { emit, EMIT_KINDS, type EmitKind } from './emit.js';
import { checkFiles } from './frontend.js';
import { writeOutputs } from './output.js';

export const EXIT_OK = 0;
export const EXIT_INPUT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL_ERROR = 70;

/** One command-line option: its `parseArgs` shape and its line in `--help`. */
interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** The placeholder of its value in `--help`. */
  readonly value?: string;
  readonly help: string;
}

const DEFAULT_KINDS = EMIT_KINDS.filter((k) => k.byDefault).map((k) => k.name);

const OPTIONS: readonly OptionSpec[] = [
  { name: 'out-dir', short: 'o', type: 'string', value: 'DIR', help: 'write the outputs into DIR (without it: print them)' },
  {
    name: 'include',
    short: 'i',
    type: 'string',
    multiple: true,
    value: 'FILE',
    help: 'read type declarations from FILE before each interface (repeatable, in order)',
  },
  {
    name: 'emit',
    type: 'string',
    multiple: true,
    value: 'KINDS',
    help: `what to produce, comma-separated (repeatable); ${
      DEFAULT_KINDS.length > 0 ? `default: ${DEFAULT_KINDS.join(',')}` : 'without it: check only'
    }`,
  },
  { name: 'help', short: 'h', type: 'boolean', help: 'print this help and exit' },
  { name: 'version', type: 'boolean', help: 'print the version and exit' },
];

/** Where the command writes. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function usage(): string {
  const rows = OPTIONS.map((o) => {
    const flags = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flags.padEnd(24)} ${o.help}`;
  });
  const kinds = EMIT_KINDS.map((k) => `  ${k.name.padEnd(24)} ${k.description}`);
  return [
    'Usage: flounderc [options] FILE.if...',
    '',
    'Compiles Barrelfish Flounder interface definitions.',
    '',
    'Options:',
    ...rows,
    '',
    'Emit kinds:',
    ...kinds,
    '',
    'Exit status: 0 done, 1 errors in the input, 2 wrong usage.',
    '',
  ].join('\n');
}

class UsageError extends Error {}

/** Node's parseArgs messages, shortened to what the user needs. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'([^']+?)(?: <value>)?'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('argument missing') ? `option '${option}' needs a value` : `option '${option}' takes no value`;
    default:
      return error.message;
  }
}

function emitKinds(requested: readonly string[] | undefined): EmitKind[] {
  if (requested === undefined) return EMIT_KINDS.filter((k) => k.byDefault);
  const names = requested.flatMap((r) => r.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  return [...new Set(names)].map((name) => {
    const kind = EMIT_KINDS.find((k) => k.name === name);
    if (kind === undefined) {
      throw new UsageError(`unknown emit kind '${name}' (known: ${EMIT_KINDS.map((k) => k.name).join(', ')})`);
    }
    return kind;
  });
}

/** At most this many diagnostics are printed: past that, the input is probably not Flounder at all. */
const MAX_PRINTED_DIAGNOSTICS = 100;

async function compileCommand(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short && { short: o.short }), ...(o.multiple && { multiple: true }) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error));
  }
  const { values, positionals: files } = parsed;
  if (values['help'] === true) {
    io.out(usage());
    return EXIT_OK;
  }
  if (values['version'] === true) {
    io.out(`flounderc ${version()}\n`);
    return EXIT_OK;
  }
  if (files.length === 0) throw new UsageError('no input files');
  const kinds = emitKinds(values['emit'] as string[] | undefined);
  const outDir = values['out-dir'] as string | undefined;

  const result = await checkFiles(files, (values['include'] as string[] | undefined) ?? []);
  if (result.diagnostics.length > 0) {
    const shown = result.diagnostics.slice(0, MAX_PRINTED_DIAGNOSTICS);
    io.err(formatDiagnostics(shown, result.sources));
    const hidden = result.diagnostics.length - shown.length;
    const count = result.diagnostics.length;
    io.err(`${count} error${count === 1 ? '' : 's'}${hidden > 0 ? ` (${hidden} not shown)` : ''}\n`);
    return EXIT_INPUT_ERROR;
  }

  const outputs = await emit(result.interfaces, kinds, { format: true });
  if (outDir === undefined) {
    for (const output of outputs) io.out(output.text);
    return EXIT_OK;
  }
  try {
    await writeOutputs(outDir, outputs);
  } catch (error) {
    const { path, message } = error as NodeJS.ErrnoException;
    io.err(`flounderc: error: cannot write ${path ?? outDir}: ${message}\n`);
    return EXIT_INPUT_ERROR;
  }
  return EXIT_OK;
}

/** Runs `flounderc` with the arguments after the program name; resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await compileCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`flounderc: ${error.message}\nTry 'flounderc --help' for more information.\n`);
      return EXIT_USAGE;
    }
    io.err(`flounderc: internal error, please report it:\n${(error as Error).stack ?? String(error)}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

function isMain(): boolean {
  const invoked = process.argv[1];
  if (invoked === undefined) return false;
  try {
    return realpathSync(invoked) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  // A closed pipe (`flounderc ... | head`) is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  process.exitCode = await run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
