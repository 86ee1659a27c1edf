/**
 * The invariants model.ts promises back ends, checked on a model: the list of violations,
 * empty when the model keeps every promise.
 */
import { BUILTIN_TYPE_NAMES, FIRST_MESSAGE_NUMBER, MAX_MESSAGE_NUMBER, resolve, type Argument, type Interface, type SourcePosition, type Type } from '../src/index.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const BUILTIN_NAMES: ReadonlySet<string> = new Set([...BUILTIN_TYPE_NAMES, 'String', 'int']);

export function modelViolations(model: Interface): string[] {
  const problems: string[] = [];
  const problem = (text: string): void => void problems.push(text);
  const name = (what: string, text: string): void => {
    if (!NAME.test(text)) problem(`${what} '${text}' is not a plain name`);
  };
  const position = (what: string, p: SourcePosition): void => {
    if (p.file === '' || !(p.line >= 1) || !(p.column >= 1)) problem(`${what} has position ${JSON.stringify(p)}`);
  };
  const isCap = (t: Type): boolean => {
    const r = resolve(t);
    return r.kind === 'builtin' && (r.name === 'cap' || r.name === 'give_away_cap');
  };

  name('interface', model.name);
  position('interface', model.position);
  const declared = new Set<Type>();
  const refersBack = (what: string, t: Type): void => {
    if (t.kind !== 'builtin' && !declared.has(t)) problem(`${what} refers to '${t.name}', not declared before it in types`);
    if (isCap(t)) problem(`${what} is a cap`);
  };
  const typeNames = new Set<string>();
  const items = new Set<string>();
  for (const t of model.types) {
    name('type', t.name);
    position(`type ${t.name}`, t.position);
    if (typeNames.has(t.name)) problem(`type '${t.name}' is listed twice`);
    if (BUILTIN_NAMES.has(t.name)) problem(`type '${t.name}' has a builtin's name`);
    typeNames.add(t.name);
    switch (t.kind) {
      case 'alias':
      case 'typedef':
        refersBack(`${t.kind} ${t.name}`, t.target);
        if (resolve(t) !== resolve(t.target)) problem(`${t.name} resolves to something else than its target does`);
        break;
      case 'array':
        refersBack(`array ${t.name}`, t.element);
        if (!(t.length >= 1)) problem(`array ${t.name} has length ${t.length}`);
        break;
      case 'struct': {
        if (t.fields.length === 0) problem(`struct ${t.name} has no fields`);
        const fields = new Set<string>();
        for (const f of t.fields) {
          name('field', f.name);
          if (fields.has(f.name)) problem(`struct ${t.name} has field '${f.name}' twice`);
          fields.add(f.name);
          refersBack(`field ${t.name}.${f.name}`, f.type);
        }
        break;
      }
      case 'enum':
        t.items.forEach((item, i) => {
          name('enum item', item.name);
          if (items.has(item.name)) problem(`enum item '${item.name}' is declared twice`);
          if (item.value !== i) problem(`enum item '${item.name}' has value ${item.value}, not ${i}`);
          items.add(item.name);
        });
    }
    declared.add(t);
  }

  const argumentsOk = (where: string, args: readonly Argument[]): void => {
    const names = new Set<string>();
    const claim = (n: string): void => {
      name(`argument of ${where}`, n);
      if (names.has(n)) problem(`${where} has argument '${n}' twice`);
      names.add(n);
    };
    for (const a of args) {
      claim(a.name);
      position(`argument ${a.name} of ${where}`, a.position);
      if (a.kind === 'plain' && a.type.kind !== 'builtin' && !declared.has(a.type)) problem(`${where}.${a.name} refers to an unlisted type`);
      if (a.kind === 'string' && !(a.maxSize >= 1)) problem(`${where}.${a.name} has size ${a.maxSize}`);
      if (a.kind === 'dynamic-array') {
        claim(a.lengthName);
        const element = resolve(a.element);
        if (element.kind !== 'builtin' || !['char', 'int8', 'uint8'].includes(element.name)) problem(`${where}.${a.name} has elements that are not bytes`);
        if (!(a.maxLength >= 1)) problem(`${where}.${a.name} has maximum length ${a.maxLength}`);
      }
    }
  };

  const messageNames = new Set<string>();
  model.messages.forEach((m, i) => {
    name('message', m.name);
    position(`message ${m.name}`, m.position);
    if (m.number !== FIRST_MESSAGE_NUMBER + i) problem(`message ${m.name} has number ${m.number}, not ${FIRST_MESSAGE_NUMBER + i}`);
    if (m.number > MAX_MESSAGE_NUMBER) problem(`message ${m.name} has number ${m.number}`);
    if (messageNames.has(m.name)) problem(`message '${m.name}' is declared twice`);
    messageNames.add(m.name);
    argumentsOk(`message ${m.name}`, m.arguments);
  });
  if (model.messages.length === 0) problem('no messages');
  for (const r of model.rpcs) {
    const i = model.messages.indexOf(r.call);
    if (i < 0 || model.messages[i + 1] !== r.response) problem(`rpc ${r.name}: its call and response are not consecutive messages`);
    if (r.call.name !== `${r.name}_call` || r.response.name !== `${r.name}_response`) problem(`rpc ${r.name}: halves misnamed`);
    argumentsOk(`rpc ${r.name}`, r.arguments);
    const ins = r.arguments.filter((a) => a.direction === 'in').map((a) => a.name);
    const outs = r.arguments.filter((a) => a.direction === 'out').map((a) => a.name);
    if (ins.join() !== r.call.arguments.map((a) => a.name).join() || outs.join() !== r.response.arguments.map((a) => a.name).join()) {
      problem(`rpc ${r.name}: in/out arguments differ from its messages'`);
    }
  }
  return problems;
}
