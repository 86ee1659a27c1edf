/**
 * A11, powser1.go: Doug McIlroy's power series, "Squinting at Power Series". Every series is a
 * demand channel pair (`req` asks for the next coefficient, `dat` delivers it); operators are
 * tasks that demand from their inputs and supply their outputs, most of them forever. The
 * coefficients are exact rationals; a zero denominator marks the end of a finite series.
 */
import { describe, expect, it } from 'vitest';
import { Chan, go, recvCase, select, sendCase, type SelectCase } from '@flounder-ts/runtime';

class Rat {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint) {
    const g = gcd(num < 0n ? -num : num, den < 0n ? -den : den);
    const sign = den < 0n ? -1n : 1n;
    this.num = g === 0n ? num : (sign * num) / g;
    this.den = g === 0n ? den : (sign * den) / g;
  }
  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }
}
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
const i2tor = (u: bigint | number, v: bigint | number) => new Rat(BigInt(u), BigInt(v));
const itor = (u: bigint | number) => i2tor(u, 1);
const zero = itor(0);
const one = itor(1);
const finis = i2tor(1, 0);
const end = (u: Rat) => (u.den === 0n ? 1 : 0);
const add = (u: Rat, v: Rat) => i2tor(u.num * v.den + v.num * u.den, u.den * v.den);
const mul = (u: Rat, v: Rat) => i2tor(u.num * v.num, u.den * v.den);
const neg = (u: Rat) => i2tor(-u.num, u.den);

/** A power series as a demand channel: send on `req` to ask, receive the coefficient on `dat`. */
interface PS {
  readonly req: Chan<number>;
  readonly dat: Chan<Rat>;
}
type PS2 = [PS, PS];
const mkdch = (): PS => ({ req: new Chan<number>(), dat: new Chan<Rat>() });
const mkdch2 = (): PS2 => [mkdch(), mkdch()];

let seqno = 0;

/**
 * One generation of a split: serves the next coefficient of `input` to both outputs, whichever
 * asks first, while the next generation (started before handing out) serves the following one.
 */
async function dosplit(input: PS, out: PS2, wait: Chan<number>): Promise<void> {
  let both = false; // whether the previous generation is done
  const first = await select([recvCase(out[0].req), recvCase(wait)]);
  if (first.index === 1) {
    both = true;
    const r = await select([recvCase(out[0].req), recvCase(out[1].req)]);
    if (r.index === 1) out = [out[1], out[0]];
  }
  seqno++;
  await input.req.send(seqno);
  const release = new Chan<number>();
  go(() => dosplit(input, out, release));
  const dat = (await input.dat.recv())!;
  await out[0].dat.send(dat);
  if (!both) await wait.recv();
  await out[1].req.recv();
  await out[1].dat.send(dat);
  await release.send(0);
}

async function split(input: PS, out: PS2): Promise<void> {
  const release = new Chan<number>();
  go(() => dosplit(input, out, release));
  await release.send(0);
}

async function put(dat: Rat, out: PS): Promise<void> {
  await out.req.recv();
  await out.dat.send(dat);
}

async function get(input: PS): Promise<Rat> {
  seqno++;
  await input.req.send(seqno);
  return (await input.dat.recv())!;
}

/** Gets one coefficient from each of two series, in whatever order they answer. */
async function getn(input: readonly PS[]): Promise<Rat[]> {
  if (input.length !== 2) throw new Error('bad n in getn');
  const req: (Chan<number> | null)[] = [input[0]!.req, input[1]!.req];
  const dat: (Chan<Rat> | null)[] = [null, null];
  const out: Rat[] = [zero, zero];
  for (let n = 2 * input.length; n > 0; n--) {
    seqno++;
    const cases: SelectCase<unknown>[] = [
      sendCase(req[0] ?? null, seqno),
      sendCase(req[1] ?? null, seqno),
      recvCase(dat[0] ?? null),
      recvCase(dat[1] ?? null),
    ];
    const r = await select(cases);
    if (r.index < 2) {
      dat[r.index] = input[r.index]!.dat;
      req[r.index] = null;
    } else {
      out[r.index - 2] = r.value as Rat;
      dat[r.index - 2] = null;
    }
  }
  return out;
}
const get2 = (a: PS, b: PS) => getn([a, b]);

async function copy(input: PS, out: PS): Promise<never> {
  for (;;) {
    await out.req.recv();
    await out.dat.send(await get(input));
  }
}

async function repeat(dat: Rat, out: PS): Promise<never> {
  for (;;) await put(dat, out);
}

function Split(U: PS): PS2 {
  const UU = mkdch2();
  go(() => split(U, UU));
  return UU;
}

function Add(U: PS, V: PS): PS {
  const Z = mkdch();
  go(async () => {
    for (;;) {
      await Z.req.recv();
      const [u, v] = (await get2(U, V)) as [Rat, Rat];
      switch (end(u) + 2 * end(v)) {
        case 0:
          await Z.dat.send(add(u, v));
          break;
        case 1:
          await Z.dat.send(v);
          await copy(V, Z);
          break;
        case 2:
          await Z.dat.send(u);
          await copy(U, Z);
          break;
        case 3:
          await Z.dat.send(finis);
      }
    }
  });
  return Z;
}

function Cmul(c: Rat, U: PS): PS {
  const Z = mkdch();
  go(async () => {
    let done = false;
    while (!done) {
      await Z.req.recv();
      const u = await get(U);
      if (end(u) !== 0) done = true;
      else await Z.dat.send(mul(c, u));
    }
    await Z.dat.send(finis);
  });
  return Z;
}

const Sub = (U: PS, V: PS) => Add(U, Cmul(neg(one), V));

function Monmul(U: PS, n: number): PS {
  const Z = mkdch();
  go(async () => {
    for (; n > 0; n--) await put(zero, Z);
    await copy(U, Z);
  });
  return Z;
}

function Rep(c: Rat): PS {
  const Z = mkdch();
  go(() => repeat(c, Z));
  return Z;
}

function Mon(c: Rat, n: number): PS {
  const Z = mkdch();
  go(async () => {
    if (c.num !== 0n) {
      for (; n > 0; n--) await put(zero, Z);
      await put(c, Z);
    }
    await put(finis, Z);
  });
  return Z;
}

function Shift(c: Rat, U: PS): PS {
  const Z = mkdch();
  go(async () => {
    await put(c, Z);
    await copy(U, Z);
  });
  return Z;
}

/** U = u + x*UU, V = v + x*VV, then UV = u*v + x*(u*VV + v*UU) + x*x*UU*VV. */
function Mul(U: PS, V: PS): PS {
  const Z = mkdch();
  go(async () => {
    await Z.req.recv();
    const [u, v] = (await get2(U, V)) as [Rat, Rat];
    if (end(u) !== 0 || end(v) !== 0) {
      await Z.dat.send(finis);
      return;
    }
    await Z.dat.send(mul(u, v));
    const UU = Split(U);
    const VV = Split(V);
    const W = Add(Cmul(u, VV[0]), Cmul(v, UU[0]));
    await Z.req.recv();
    await Z.dat.send(await get(W));
    await copy(Add(W, Mul(UU[1], VV[1])), Z);
  });
  return Z;
}

function Diff(U: PS): PS {
  const Z = mkdch();
  go(async () => {
    await Z.req.recv();
    let u = await get(U);
    if (end(u) === 0) {
      for (let i = 1; ; i++) {
        u = await get(U);
        if (end(u) !== 0) break;
        await Z.dat.send(mul(itor(i), u));
        await Z.req.recv();
      }
    }
    await Z.dat.send(finis);
  });
  return Z;
}

/** Integrates, with `c` the constant of integration. */
function Integ(c: Rat, U: PS): PS {
  const Z = mkdch();
  go(async () => {
    await put(c, Z);
    let done = false;
    for (let i = 1; !done; i++) {
      await Z.req.recv();
      const u = await get(U);
      if (end(u) !== 0) done = true;
      await Z.dat.send(mul(i2tor(1, i), u));
    }
    await Z.dat.send(finis);
  });
  return Z;
}

/** exp(U) for U with constant term 0: Z = exp(U), DZ = Z*DU, integrate; feeds back through a split. */
async function Exp(U: PS): Promise<PS> {
  const ZZ = mkdch2();
  await split(Integ(one, Mul(ZZ[0], Diff(U))), ZZ);
  return ZZ[1];
}

/** U(c x^n): each coefficient Ui multiplied by c^i and followed by n-1 zeros. */
function MonSubst(U: PS, c0: Rat, n: number): PS {
  const Z = mkdch();
  go(async () => {
    let c = one;
    for (;;) {
      await Z.req.recv();
      const u = await get(U);
      await Z.dat.send(mul(u, c));
      c = mul(c, c0);
      if (end(u) !== 0) {
        await Z.dat.send(finis);
        return;
      }
      for (let i = 1; i < n; i++) {
        await Z.req.recv();
        await Z.dat.send(zero);
      }
    }
  });
  return Z;
}

/** The first `n` coefficients of a series, as strings. */
async function take(U: PS, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String(await get(U)));
  return out;
}

describe('A11 powser1.go', () => {
  const N = 10;
  const Ones = Rep(one);
  const Twos = Rep(itor(2));

  it('Ones, Add, Sub', async () => {
    expect(await take(Ones, 5)).toEqual(['1', '1', '1', '1', '1']);
    expect(await take(Add(Ones, Twos), 5)).toEqual(['3', '3', '3', '3', '3']);
    expect(await take(Sub(Ones, Twos), 5)).toEqual(['-1', '-1', '-1', '-1', '-1']);
  });

  it('Diff(Ones) = 1..10', async () => {
    expect(await take(Diff(Ones), N)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('Integ(0, Ones) = 0, 1, 1/2 ... 1/9', async () => {
    expect(await take(Integ(zero, Ones), N)).toEqual(['0', '1', '1/2', '1/3', '1/4', '1/5', '1/6', '1/7', '1/8', '1/9']);
  });

  it('Cmul(-1, Twos) = -2 x 10', async () => {
    expect(await take(Cmul(neg(one), Twos), N)).toEqual(Array(N).fill('-2'));
  });

  it('Mul(Ones, Ones) = 1..10', async () => {
    expect(await take(Mul(Ones, Ones), N)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('Exp(Ones)', async () => {
    expect(await take(await Exp(Ones), N)).toEqual([
      '1', '1', '3/2', '13/6', '73/24', '167/40', '4051/720', '37633/5040', '43817/4480', '4596553/362880',
    ]);
  });

  it('Integ(0, MonSubst(Ones, -1, 2)) = atan: 0, 1, 0, -1/3, 0, 1/5 ...', async () => {
    expect(await take(Integ(zero, MonSubst(Ones, neg(one), 2)), N)).toEqual([
      '0', '1', '0', '-1/3', '0', '1/5', '0', '-1/7', '0', '1/9',
    ]);
  });

  it('Monmul, Mon and Shift place coefficients', async () => {
    expect(await take(Monmul(Ones, 2), 4)).toEqual(['0', '0', '1', '1']);
    expect(await take(Mon(itor(3), 2), 3)).toEqual(['0', '0', '3']);
    expect(await take(Shift(itor(5), Twos), 3)).toEqual(['5', '2', '2']);
  });
});
