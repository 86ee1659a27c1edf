/**
 * A9, select5.go: many single-task tests on one cap-1 channel, generated from every
 * combination of how a value goes in and how it comes back out: send n, get it back somehow,
 * check it is n, n++.
 *
 * In Go the generator varies where `default` stands and what the receive writes into; here
 * `default` is an option with no position, and the "receive target" is whatever the caller's
 * code writes after the select returns, so the variants of the target are written as such
 * code. Every channel, value and target expression goes through a recorder, to check that
 * they run in strictly increasing source order with the receive target last, and that a
 * select that takes default touches no receive target.
 */
import { describe, expect, it } from 'vitest';
import { Chan, recvCase, select, sendCase, type SelectCase } from '@flounder-ts/runtime';

type Dummy = 'none' | 'never-ready' | 'nil' | 'both';
const DUMMIES: Dummy[] = ['none', 'never-ready', 'nil', 'both'];
type Target = 'variable' | 'computed' | 'binding' | 'any' | 'map';
const TARGETS: Target[] = ['variable', 'computed', 'binding', 'any', 'map'];

/** Records the order in which a test's expressions run. */
class Recorder {
  readonly log: string[] = [];
  at<T>(name: string, value: T): T {
    this.log.push(name);
    return value;
  }
}

/** The expressions of the never-ready cases, in source order. */
function dummyOrder(kind: Dummy): string[] {
  return [
    ...(kind === 'never-ready' || kind === 'both' ? ['dummy chan'] : []),
    ...(kind === 'nil' || kind === 'both' ? ['nil chan', 'nil value'] : []),
  ];
}

/** Cases that are never ready, placed before the live case. */
function dummies(kind: Dummy, rec: Recorder, never: Chan<number>): SelectCase<number>[] {
  const out: SelectCase<number>[] = [];
  if (kind === 'never-ready' || kind === 'both') out.push(recvCase(rec.at('dummy chan', never)));
  if (kind === 'nil' || kind === 'both') out.push(sendCase(rec.at('nil chan', null), rec.at('nil value', -1)));
  return out;
}

type Sender = { name: string; order: string[]; send(c: Chan<number>, n: number, rec: Recorder, never: Chan<number>): Promise<void> };
type Receiver = { name: string; order: string[]; recv(c: Chan<number>, rec: Recorder, never: Chan<number>): Promise<number> };

const senders: Sender[] = [
  { name: 'send', order: ['chan', 'value'], send: (c, n, rec) => rec.at('chan', c).send(rec.at('value', n)) },
  {
    name: 'trySend',
    order: ['chan', 'value'],
    send: async (c, n, rec) => {
      expect(rec.at('chan', c).trySend(rec.at('value', n))).toBe(true);
    },
  },
];
for (const dummy of DUMMIES) {
  for (const dflt of [false, true]) {
    senders.push({
      name: `select send, dummy ${dummy}, default ${dflt}`,
      order: [...dummyOrder(dummy), 'chan', 'value'],
      send: async (c, n, rec, never) => {
        const cases = [...dummies(dummy, rec, never), sendCase(rec.at('chan', c), rec.at('value', n))];
        const r = await select(cases, { default: dflt });
        expect(r.index).toBe(cases.length - 1);
      },
    });
  }
}

/** Writes a received value into a target of the given kind, evaluating the target last. */
function store(kind: Target, rec: Recorder, value: number | undefined): number {
  switch (kind) {
    case 'variable': {
      let v = 0;
      rec.at('target', null);
      v = value!;
      return v;
    }
    case 'computed': {
      const slot = { v: 0 };
      rec.at('target', slot).v = value!;
      return slot.v;
    }
    case 'binding': {
      const v = rec.at('target', value!);
      return v;
    }
    case 'any': {
      let v: unknown;
      rec.at('target', null);
      v = value;
      return v as number;
    }
    case 'map': {
      const m = new Map<string, number>();
      m.set(rec.at('target', 'k'), value!);
      return m.get('k')!;
    }
  }
}

const receivers: Receiver[] = [
  { name: 'recv', order: ['chan', 'target'], recv: async (c, rec) => store('binding', rec, await rec.at('chan', c).recv()) },
  {
    name: 'recv2',
    order: ['chan', 'target'],
    recv: async (c, rec) => {
      const [v, ok] = await rec.at('chan', c).recv2();
      expect(ok).toBe(true);
      return store('variable', rec, v);
    },
  },
  {
    name: 'tryRecv',
    order: ['chan', 'target'],
    recv: async (c, rec) => {
      const r = rec.at('chan', c).tryRecv();
      expect(r?.[1]).toBe(true);
      return store('variable', rec, r![0]);
    },
  },
  {
    name: 'range step',
    order: ['chan', 'target'],
    recv: async (c, rec) => {
      const step = await rec.at('chan', c)[Symbol.asyncIterator]().next();
      expect(step.done).toBe(false);
      return store('any', rec, step.value as number);
    },
  },
];
for (const dummy of DUMMIES) {
  for (const dflt of [false, true]) {
    for (const target of TARGETS) {
      receivers.push({
        name: `select recv, dummy ${dummy}, default ${dflt}, into ${target}`,
        order: [...dummyOrder(dummy), 'chan', 'target'],
        recv: async (c, rec, never) => {
          const cases = [...dummies(dummy, rec, never), recvCase(rec.at('chan', c))];
          const r = await select(cases, { default: dflt });
          expect(r.index).toBe(cases.length - 1);
          expect(r.ok).toBe(true);
          return store(target, rec, r.value);
        },
      });
    }
  }
}

describe('A9 select5.go', () => {
  it(`generates ${senders.length * receivers.length} send/receive combinations`, () => {
    expect(senders.length * receivers.length).toBeGreaterThan(400);
  });

  for (const sender of senders) {
    it(`${sender.name}, then every way of receiving`, async () => {
      const c = new Chan<number>(1);
      const never = new Chan<number>();
      let n = 1;
      for (const receiver of receivers) {
        const rec = new Recorder();
        await sender.send(c, n, rec, never);
        const got = await receiver.recv(c, rec, never);
        expect(got, receiver.name).toBe(n);
        // Strictly in source order: each case's channel, then its value; the target last.
        expect(rec.log, receiver.name).toEqual([...sender.order, ...receiver.order]);
        n++;
      }
      expect(c.len).toBe(0);
      expect(never.len).toBe(0);
    });
  }

  it('with only cases that are not ready, default runs and no receive target is touched', async () => {
    for (const dummy of DUMMIES) {
      for (const target of TARGETS) {
        const rec = new Recorder();
        const empty = new Chan<number>(1);
        const full = new Chan<number>(1);
        full.trySend(99);
        const never = new Chan<number>();
        const cases = [
          ...dummies(dummy, rec, never),
          recvCase(rec.at('empty chan', empty)),
          sendCase(rec.at('full chan', full), rec.at('value', 1)),
        ];
        const r = await select(cases, { default: true });
        expect(r).toEqual({ index: -1, value: undefined, ok: false });
        if (r.index !== -1) store(target, rec, r.value);
        expect(rec.log).not.toContain('target');
        expect(rec.log.slice(-3)).toEqual(['empty chan', 'full chan', 'value']);
        expect([empty.len, full.len]).toEqual([0, 1]);
      }
    }
  });
});
