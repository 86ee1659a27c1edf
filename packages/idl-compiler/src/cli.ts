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
import { compile, emitKinds as kindsNamed, type CompileResult } from './compile.js';
import { formatDiagnostics } from './diagnostics.js';
import { EMIT_KINDS, type EmitKind } from './emit.js';
import { watch, type WatchBuild } from './watch.js';

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
      `default: ${DEFAULT_KINDS.join(',')} with -o, else check only`
    }`,
  },
  { name: 'no-format', type: 'boolean', help: 'do not format generated code with prettier' },
  { name: 'check', type: 'boolean', help: 'write nothing; exit 1 listing the outputs in DIR that are out of date' },
  { name: 'watch', short: 'w', type: 'boolean', help: 'compile, then recompile into DIR whenever an input changes' },
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
  const names = requested?.flatMap((r) => r.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  try {
    return kindsNamed(names);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
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
  const outDir = values['out-dir'] as string | undefined;
  // Without --emit: the default kinds into -o DIR, or just a check when there is no DIR.
  const requested = values['emit'] as string[] | undefined;
  const kinds = requested === undefined && outDir === undefined ? [] : emitKinds(requested);

  const options = {
    includes: (values['include'] as string[] | undefined) ?? [],
    emit: kinds.map((k) => k.name),
    format: values['no-format'] !== true,
  };
  const check = values['check'] === true;
  if (values['watch'] === true) {
    if (outDir === undefined) throw new UsageError('--watch needs an output directory (-o DIR)');
    if (check) throw new UsageError('--watch and --check do not go together');
    return watchCommand(files, { ...options, outDir }, io);
  }
  if (check && outDir === undefined) throw new UsageError('--check needs the output directory to check (-o DIR)');

  let result: CompileResult;
  try {
    result = await compile(files, { ...options, ...(outDir !== undefined && { outDir }), check });
  } catch (error) {
    return writeError(error, outDir, io);
  }
  if (!result.ok) {
    printDiagnostics(result, io);
    return EXIT_INPUT_ERROR;
  }
  if (check) {
    if (result.stale.length === 0) return EXIT_OK;
    io.err(`flounderc: out of date (run without --check to update):\n${result.stale.map((p) => `  ${p}\n`).join('')}`);
    return EXIT_INPUT_ERROR;
  }
  if (outDir === undefined) for (const output of result.outputs) io.out(output.text);
  return EXIT_OK;
}

function printDiagnostics(result: CompileResult, io: CliIO): void {
  const shown = result.diagnostics.slice(0, MAX_PRINTED_DIAGNOSTICS);
  io.err(formatDiagnostics(shown, result.sources));
  const hidden = result.diagnostics.length - shown.length;
  const count = result.diagnostics.length;
  io.err(`${count} error${count === 1 ? '' : 's'}${hidden > 0 ? ` (${hidden} not shown)` : ''}\n`);
}

function writeError(error: unknown, outDir: string | undefined, io: CliIO): number {
  const { path, message, code } = error as NodeJS.ErrnoException;
  if (code === undefined) throw error;
  io.err(`flounderc: error: cannot write ${path ?? outDir}: ${message}\n`);
  return EXIT_INPUT_ERROR;
}

/** `--watch`: runs until interrupted (SIGINT, SIGTERM), printing what each build did. */
async function watchCommand(
  files: readonly string[],
  options: { includes: string[]; emit: string[]; format: boolean; outDir: string },
  io: CliIO,
): Promise<number> {
  const report = (build: WatchBuild): void => {
    if (!build.ok) {
      printDiagnostics(build, io);
      io.err('flounderc: kept the last good outputs; waiting for a fix\n');
    } else if (build.written.length > 0) {
      io.out(`flounderc: wrote ${build.written.join(', ')}\n`);
    } else {
      io.out(`flounderc: ${build.compiled.join(', ')}: outputs up to date\n`);
    }
  };
  const watcher = watch(files, {
    ...options,
    onBuild: report,
    onError: (error) => io.err(`flounderc: error: ${(error as Error).message}\n`),
  });
  try {
    await watcher.ready;
  } catch (error) {
    await watcher.close();
    return writeError(error, options.outDir, io);
  }
  io.out(`flounderc: watching ${files.length} file${files.length === 1 ? '' : 's'} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
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
