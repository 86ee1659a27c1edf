/**
 * The benchmark shapes, each written once against {@link Lib}. Each returns nanoseconds per
 * unit of work (a round trip, a message, a hop, a select), timed from the first operation to
 * the last.
 */
import type { Lib } from './libs.js';

const now = () => performance.now() * 1e6;

/** Unbuffered ping-pong between two tasks: ns per round trip. */
export async function pingPong<C, R>(lib: Lib<C, R>, n: number): Promise<number> {
  const ping = lib.chan(0)!;
  const pong = lib.chan(0)!;
  lib.spawn(async () => {
    for (let i = 0; i < n; i++) await lib.send(pong, lib.value(await lib.recv(ping))!);
  });
  const start = now();
  for (let i = 0; i < n; i++) {
    await lib.send(ping, i);
    await lib.recv(pong);
  }
  return (now() - start) / n;
}

/** A producer task streams `n` values to the consumer through a channel of `cap`: ns per message. */
export async function stream<C, R>(lib: Lib<C, R>, cap: number, n: number): Promise<number | null> {
  const c = lib.chan(cap);
  if (c === null) return null;
  lib.spawn(async () => {
    for (let i = 0; i < n; i++) await lib.send(c, i);
  });
  const start = now();
  for (let i = 0; i < n; i++) await lib.recv(c);
  return (now() - start) / n;
}

/**
 * The same stream, both ends trying the non-blocking operation first and awaiting only when
 * it would block (the idiom that skips the microtask turn an await costs): ns per message.
 */
export async function streamTryFirst<C, R>(lib: Lib<C, R>, cap: number, n: number): Promise<number | null> {
  const c = lib.chan(cap);
  const { trySend, tryRecv } = lib;
  if (c === null || trySend === undefined || tryRecv === undefined) return null;
  lib.spawn(async () => {
    for (let i = 0; i < n; i++) if (!trySend(c, i)) await lib.send(c, i);
  });
  const start = now();
  for (let i = 0; i < n; i++) if (tryRecv(c) === undefined) await lib.recv(c);
  return (now() - start) / n;
}

/**
 * The thesis' ring (4.2): `size` tasks joined by unbuffered channels; the first sends 1, each
 * adds 1 and passes it on, and the first waits for it to come back as `size`. ns per hop.
 */
export async function ring<C, R>(lib: Lib<C, R>, size: number, rounds: number): Promise<number> {
  if (size < 2) throw new RangeError(`ring: size ${size} is below 2`);
  const links: C[] = [];
  for (let i = 0; i < size; i++) links.push(lib.chan(0)!);
  for (let k = 1; k < size; k++) {
    const from = links[k - 1]!;
    const to = links[k]!;
    lib.spawn(async () => {
      for (let r = 0; r < rounds; r++) await lib.send(to, lib.value(await lib.recv(from))! + 1);
    });
  }
  const first = links[0]!;
  const last = links[size - 1]!;
  await new Promise((resolve) => setImmediate(resolve)); // every task has started and waits
  const start = now();
  for (let r = 0; r < rounds; r++) {
    await lib.send(first, 1);
    const v = lib.value(await lib.recv(last));
    if (v !== size) throw new Error(`${lib.name}: ring of ${size} returned ${v}`);
  }
  return (now() - start) / (rounds * size);
}

/** Four producer tasks on unbuffered channels, one consumer selecting over all four: ns per select. */
export async function select4<C, R>(lib: Lib<C, R>, n: number): Promise<number | null> {
  if (lib.selector === undefined) return null;
  const cs = [lib.chan(0)!, lib.chan(0)!, lib.chan(0)!, lib.chan(0)!];
  const each = Math.ceil(n / cs.length);
  for (const c of cs) {
    lib.spawn(async () => {
      for (let i = 0; i < each; i++) await lib.send(c, i);
    });
  }
  const next = lib.selector(cs);
  const total = each * cs.length;
  const start = now();
  for (let i = 0; i < total; i++) await next();
  return (now() - start) / total;
}
