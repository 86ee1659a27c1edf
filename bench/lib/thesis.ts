/**
 * The figures of the thesis' chapter 4 (and the reference points measured on the
 * development machine) that the evaluation puts ours beside. Times are wall-clock seconds
 * on the thesis' Intel Ivy Bridge-EP (2 x 10 cores, 2.5 GHz) unless said otherwise.
 * @module
 */

/** Ping-pong, 1,000,000 pings (Figure 4.18 and 4.21), by pairing and number of clients. */
export const THESIS_PINGPONG = [
  { pairing: 'Go server, Go client', clients: 1, seconds: 19.24 },
  { pairing: 'C server, C client', clients: 1, seconds: 0.24 },
  { pairing: 'Go server, Go client', clients: 6, seconds: 6.29 },
  { pairing: 'C server, C client', clients: 6, seconds: 0.13 },
  { pairing: 'w/o Channels (Go server, Go client)', clients: 6, seconds: 5.7 },
  { pairing: 'w/o Channels, optimized (Go server, Go client)', clients: 6, seconds: 1.24 },
] as const;

/** Go/Go over C/C: 19.24 s / 0.24 s with one client, 6.29 s / 0.13 s with six. */
export const THESIS_RATIO = { 1: 77, 6: 44 } as const;

/** Clients the thesis' Go server needed before it was fully used (Go server, C clients fastest at 3). */
export const THESIS_SATURATION_CLIENTS = 3;

/**
 * The breakdown of one Go/Go round trip with one client (Figure 4.19), in per cent of the
 * total, as far as the thesis gives it; the Flounder transfer is 4.93 us.
 */
export const THESIS_BREAKDOWN = [
  { stage: 'malloc/free in Go context (C2, S3, CD5, SD5)', percent: 19.58 },
  { stage: 'reclaiming the scheduling context after C calls (C6, S7, CD2, SD2)', percent: 15.37 },
  { stage: 'channel hop, dispatch goroutine to receiver (CD6, SD6)', percent: 16.63 },
  { stage: 'Flounder transfer, send and receive', percent: 22.5 },
] as const;

/** The Flounder transfer of Figure 4.19, in microseconds. */
export const THESIS_FLOUNDER_US = 4.93;

/**
 * Go 1.19's unbuffered channel ping-pong round trip on the development machine (2 vCPU VM,
 * GOMAXPROCS=1): two hand-offs, so a hop of the ring costs half of it.
 */
export const GO_ROUND_TRIP_NS = 245;
export const GO_HOP_NS = GO_ROUND_TRIP_NS / 2;
