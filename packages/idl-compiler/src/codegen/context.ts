/**
 * What every part of a generated module works from: the checked interface, its wire layout,
 * the names of its declarations, and the imports from the runtime the parts ask for.
 * @module
 */
import type { StatementStructures } from 'ts-morph';
import { layoutInterface, type InterfaceLayout } from '../layout/index.js';
import type { Interface } from '../model.js';
import { Names } from './names.js';

/** The module generated code imports everything from. */
export const RUNTIME_MODULE = '@flounder-ts/runtime';

export class GenContext {
  readonly layout: InterfaceLayout;
  readonly names: Names;
  private readonly runtimeValues = new Set<string>();
  private readonly runtimeTypes = new Set<string>();

  constructor(readonly model: Interface) {
    this.layout = layoutInterface(model);
    this.names = new Names(model);
  }

  /** Imports a value (a function, a class) from the runtime; returns its name. */
  runtimeValue(name: string): string {
    this.runtimeValues.add(name);
    return name;
  }

  /** Imports a type from the runtime (`import { type X }`); returns its name. */
  runtimeType(name: string): string {
    this.runtimeTypes.add(name);
    return name;
  }

  /** The runtime imports asked for so far, values first, each group sorted. */
  runtimeImports(): { name: string; isTypeOnly: boolean }[] {
    const values = [...this.runtimeValues].sort();
    const types = [...this.runtimeTypes].filter((t) => !this.runtimeValues.has(t)).sort();
    return [
      ...values.map((name) => ({ name, isTypeOnly: false })),
      ...types.map((name) => ({ name, isTypeOnly: true })),
    ];
  }
}

/**
 * One part of a generated module: a back end that contributes declarations. The module is
 * the parts' statements in order (see `MODULE_PARTS`); a part asks the context for the names
 * it declares and the runtime imports it needs.
 */
export interface ModulePart {
  /** What the part declares, for the section comment. */
  readonly title: string;
  /** Its statements: ts-morph structures, or text (laid out already, see `preformatted.ts`). */
  statements(context: GenContext): (StatementStructures | string)[];
}
