/**
 * What the compiler can produce from a checked interface: one entry per `--emit` kind.
 * A back end adds itself by adding its entry to `EMIT_KINDS`.
 * @module
 */
import { layoutInterface, layoutToJson } from './layout/index.js';
import type { Interface } from './model.js';
import { modelToJson } from './model-json.js';

/** Options every emitter receives; back ends add what they need. */
export interface EmitOptions {
  /** Whether to format generated code (`--no-format` turns it off). */
  readonly format: boolean;
}

export interface EmitKind {
  /** The name given to `--emit`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Whether it is produced when `--emit` is not given. */
  readonly byDefault: boolean;
  /** The name of the file it writes into the output directory, e.g. `ping.ast.json`. */
  fileName(model: Interface): string;
  /** The output text. */
  render(model: Interface, options: EmitOptions): string | Promise<string>;
  /** The output texts of many interfaces at once, in order, when that is faster than one by one. */
  renderAll?(models: readonly Interface[], options: EmitOptions): Promise<string[]>;
  /**
   * Called before `count` interfaces are read and checked, to start any slow preparation
   * (such as threads) while that happens. It must not fail, nor hold the process open.
   */
  prepare?(count: number, options: EmitOptions): void;
}

export const EMIT_KINDS: readonly EmitKind[] = [
  {
    name: 'ts',
    description: 'the TypeScript module: types, messages, interface descriptor (NAME.ts)',
    byDefault: true,
    fileName: (model) => `${model.name}.ts`,
    // Loaded when first needed: ts-morph (with TypeScript) and prettier take a while to load.
    render: async (model, options) => (await import('./codegen/module.js')).generateModule(model, options),
    renderAll: async (models, options) => (await import('./codegen/pool.js')).generateModules(models, options),
    prepare: (count, options) => {
      import('./codegen/pool.js').then(
        (pool) => pool.prepareModules(count, options),
        () => undefined, // reported by `renderAll`, if the build gets that far
      );
    },
  },
  {
    name: 'layout',
    description: 'the wire layout for LMP and UMP, in the reference JSON format (NAME.layout.json)',
    byDefault: false,
    fileName: (model) => `${model.name}.layout.json`,
    render: (model) => layoutToJson(layoutInterface(model)),
  },
  {
    name: 'ast',
    description: 'the checked model as JSON (NAME.ast.json)',
    byDefault: false,
    fileName: (model) => `${model.name}.ast.json`,
    render: (model) => modelToJson(model),
  },
];

/** The output of one emitter for one interface. */
export interface Output {
  /** The file name within the output directory. */
  readonly fileName: string;
  readonly text: string;
}

/** Runs each emitter on each interface; the outputs come per interface, in the order of `kinds`. */
export async function emit(
  models: readonly Interface[],
  kinds: readonly EmitKind[],
  options: EmitOptions,
): Promise<Output[]> {
  const texts: string[][] = [];
  for (const kind of kinds) {
    if (kind.renderAll) texts.push(await kind.renderAll(models, options));
    else {
      const own: string[] = [];
      for (const model of models) own.push(await kind.render(model, options));
      texts.push(own);
    }
  }
  return models.flatMap((model, m) =>
    kinds.map((kind, k) => ({ fileName: kind.fileName(model), text: texts[k]![m]! })),
  );
}
