/**
 * Every corpus interface generates a module that compiles under the strictest settings a user
 * may have (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax,
 * erasableSyntaxOnly, nodenext), all in one TypeScript program. A usage file beside them checks
 * that the types are the ones promised: bigint for 64-bit values, string-literal enums, the
 * union discriminated by `type`, readonly structs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../src/codegen/module.js';
import { generateModules } from '../../src/codegen/pool.js';
import { CORPUS_SKIP_NOTE, corpusAvailable, warnIfCorpusMissing } from '../corpus.js';
import { generateCorpus, type GeneratedSet } from './generated.js';

warnIfCorpusMissing('type-checking the generated modules');

const STRICTEST: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  verbatimModuleSyntax: true,
  erasableSyntaxOnly: true,
  isolatedModules: true,
  noEmit: true,
  types: [],
  // The runtime as its sources (the workspace's `source` export condition): no build needed.
  customConditions: ['source'],
};

/** Code a user would write against the generated modules; every `@ts-expect-error` must be needed. */
const USAGE = `
import { Frames } from '@flounder-ts/runtime';
import { e10kInterface, PortType, type E10kMessage, type RegisterPortFilterCall } from './e10k.js';
import { type PciAddress, type ReadIrqTableCall } from './acpi.js';

const call: RegisterPortFilterCall = {
  type: 'register_port_filter_call',
  bufIdRx: 1n,
  bufIdTx: 2n,
  queue: 3,
  type_: PortType.PORT_UDP,
  port: 80,
};
// @ts-expect-error a uint64 is a bigint
export const notBigint: RegisterPortFilterCall = { ...call, bufIdRx: 1 };
// @ts-expect-error PORT_SCTP is not an item of port_type
export const notAnItem: RegisterPortFilterCall = { ...call, type_: 'PORT_SCTP' };
// @ts-expect-error every argument is required
export const missing: RegisterPortFilterCall = { type: 'register_port_filter_call', bufIdRx: 1n };

export function describe(message: E10kMessage): string {
  switch (message.type) {
    case 'request_device_info':
    case 'queue_memory_registered':
    case 'write_queue_tails':
    case 'terminate_queue_response':
      return message.type;
    case 'queue_init_data':
      return message.registers.type + message.macaddr.toString(16);
    case 'register_queue_memory':
      return String(message.useIrq && message.txVa > 0n && message.msixIntvec < 0);
    case 'set_interrupt_rate':
    case 'terminate_queue_call':
      return String(message.id);
    case 'register_port_filter_call':
      return message.type_;
    case 'register_port_filter_response':
      return String(message.rerr) + message.filter.toString();
    case 'unregister_filter_call':
      return message.filter.toString();
    case 'unregister_filter_response':
      return String(message.rerr);
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

export function readIrq(addr: PciAddress): ReadIrqTableCall {
  // @ts-expect-error structs are readonly
  addr.bus = 1;
  return { type: 'read_irq_table_call', handle: 'h', addr, bus: addr.function };
}

const frames = new Frames();
e10kInterface.messages.register_port_filter_call.encode(call, 'lmp', 7, frames);
export const decoded: RegisterPortFilterCall = e10kInterface.messages.register_port_filter_call.decode(frames, 'lmp');
// @ts-expect-error the codec of one message takes only that message
e10kInterface.messages.unregister_filter_call.encode(call, 'lmp', 7, frames);
`;

describe.skipIf(!corpusAvailable)(`the generated corpus modules${CORPUS_SKIP_NOTE}`, () => {
  let generated: GeneratedSet;
  beforeAll(async () => {
    generated = await generateCorpus('typecheck', true);
    writeFileSync(join(generated.dir, 'usage.ts'), USAGE);
  }, 120_000);
  afterAll(() => generated?.remove());

  it('compile without a single error under the strictest settings, in one program', () => {
    const roots = [...generated.files.values(), join(generated.dir, 'usage.ts')];
    expect(roots).toHaveLength(60);
    const program = ts.createProgram(roots, STRICTEST);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(generated.dir));
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => generated.dir,
      getNewLine: () => '\n',
    });
    expect(text).toBe('');
  }, 120_000);

  it('are the same byte for byte whether prettier ran on a worker thread or on this one', async () => {
    // A formatting thread however many cores this machine has.
    const threaded = await generateModules(generated.interfaces, {}, 1);
    for (const [index, model] of generated.interfaces.entries()) {
      const alone = await generateModule(model);
      expect(threaded[index], model.name).toBe(alone);
      expect(alone, model.name).toBe(readFileSync(generated.files.get(model.name)!, 'utf8'));
    }
  }, 120_000);
});
