/**
 * `flounderc --emit layout`: the wire layout as JSON, in exactly the format of the reference
 * layouts in the Flounder corpus (`layouts/NAME.json`), so the two compare file by file:
 * a header line, then one compact line per message.
 * @module
 */
import { resolve, type Argument, type Type } from '../model.js';
import type { Fragment, InterfaceLayout, MessageLayout, Slot } from './layout.js';
import { LMP_WORDS_PER_FRAGMENT } from './lmp.js';
import { WORD_BITS } from './pack.js';
import { UMP_WORDS_PER_FRAGMENT } from './ump.js';
import { pathName, scalarTypeName, type CapValue } from './values.js';

/** An argument's type as the reference writes it: a transparent alias as `alias=builtin`. */
function referenceTypeText(type: Type): string {
  return type.kind === 'alias' ? `${type.name}=${type.target.name}` : type.name;
}

/** An argument as the IDL declares it, its types written by `typeText`: `String s[2048]`, `char a[len, 2048]`. */
export function argumentText(argument: Argument, typeText: (type: Type) => string = referenceTypeText): string {
  switch (argument.kind) {
    case 'plain':
      return `${typeText(argument.type)} ${argument.name}`;
    case 'string':
      return `String ${argument.name}[${argument.maxSize}]`;
    case 'dynamic-array':
      return `${typeText(argument.element)} ${argument.name}[${argument.lengthName}, ${argument.maxLength}]`;
  }
}

function slotJson(slot: Slot): object {
  const { lo, hi, field } = slot;
  if (field === 'MSGNUM') return { lo, hi, field };
  if (field === 'TOKEN') return { lo, hi, field, type: 'uint32' };
  return { lo, hi, field: pathName(field.path), type: scalarTypeName(field) };
}

function capJson(cap: CapValue): object {
  return {
    arg: cap.argument.name,
    transfer: cap.giveAway ? 'GiveAway' : 'Copied',
  };
}

function fragmentJson(fragment: Fragment): object {
  if (fragment.kind === 'words') {
    const words = fragment.words.map((word) => word.map(slotJson));
    return fragment.cap === undefined ? { words } : { words, cap: capJson(fragment.cap) };
  }
  const argument = fragment.value.argument;
  if (argument.kind === 'string') return { overflow: 'string', arg: argument.name };
  return {
    overflow: 'buffer',
    elementType: resolve(argument.element).name,
    arg: argument.name,
    lengthArg: argument.lengthName,
  };
}

function messageJson({ message, lmp, ump }: MessageLayout): object {
  return {
    msgnum: message.number,
    name: message.name,
    kind: message.kind,
    args: message.arguments.map((a) => argumentText(a)).join(', '),
    lmp: { fragments: lmp.fragments.map(fragmentJson) },
    ump:
      'unsupported' in ump
        ? { unsupported: ump.unsupported }
        : {
            fragments: ump.fragments.map(fragmentJson),
            capsViaMonitor: ump.capsViaMonitor.map(capJson),
          },
  };
}

/** The layout of an interface as the reference's JSON text, ending with a newline. */
export function layoutToJson(layout: InterfaceLayout): string {
  const header = [
    `"interface": ${JSON.stringify(layout.model.name)}`,
    `"arch": "x86_64"`,
    `"wordBits": ${WORD_BITS}`,
    `"lmpWordsPerFragment": ${LMP_WORDS_PER_FRAGMENT}`,
    `"umpWordsPerFragment": ${UMP_WORDS_PER_FRAGMENT}`,
  ].join(', ');
  const messages = layout.messages.map((m) => `  ${JSON.stringify(messageJson(m))}`).join(',\n');
  return `{${header},\n "messages": [\n${messages}\n ]\n}\n`;
}
