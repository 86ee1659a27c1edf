/*
 * The hardware floors of the threads benchmark, in C, built and run by main.ts when a C
 * compiler is there (cc -O2 -pthread); the benchmark runs without it.
 *
 *   floor line ROUND_TRIPS RUNS   two threads ping-pong one cache line, as in the C
 *                                 measurement the round-trip goal is set against
 *   floor ring MESSAGES RUNS      one thread streams messages to the other through a UMP ring
 *                                 laid out as ump-ring.ts lays it out (32 slots of one line,
 *                                 an epoch bit in the header, an ack every 8 slots)
 *
 * Each prints the best and the median nanoseconds per round trip or message over RUNS short
 * runs, as the JavaScript levels do, so that a machine shared with other work still shows
 * what two free cores do. The threads are pinned to CPUs 0 and 1 where the system allows it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long count;
static int runs;

static void pin(int cpu) {
#ifdef __linux__
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
#else
  (void)cpu;
#endif
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

/* ---- line: odd values are pings, even values pongs ---------------------------------------- */

static _Alignas(64) _Atomic long line;

/* The echo: answers every ping of every run. */
static void *echo(void *unused) {
  (void)unused;
  pin(1);
  for (long k = 0; k < count * runs; k++) {
    while (atomic_load_explicit(&line, memory_order_acquire) != 2 * k + 1) {
    }
    atomic_store_explicit(&line, 2 * k + 2, memory_order_release);
  }
  return NULL;
}

static double line_run(int r) {
  double t0 = now_ns();
  for (long i = 0; i < count; i++) {
    long k = (long)r * count + i;
    atomic_store_explicit(&line, 2 * k + 1, memory_order_release);
    while (atomic_load_explicit(&line, memory_order_acquire) != 2 * k + 2) {
    }
  }
  return (now_ns() - t0) / count;
}

/* ---- ring: ump-ring.ts in C ------------------------------------------------------------------ */

enum { SLOTS = 32, ACK_EVERY = 8, HEADER = 14, TOKEN = 15, USED = 1, MSGNUM_SHIFT = 17 };
typedef struct {
  _Alignas(64) _Atomic uint32_t words[16];
} slot_t;
static slot_t ring[SLOTS];
/* Slots the receiver has taken, modulo 2^32. */
static _Alignas(64) _Atomic uint32_t acked;

/* The sender: every message of every run, one data word and a token as the benchmark sends. */
static void *sender(void *unused) {
  (void)unused;
  pin(1);
  uint32_t pos = 0, epoch = USED, written = 0, limit = SLOTS;
  for (long i = 0; i < count * runs; i++) {
    while (written == limit) limit = atomic_load(&acked) + SLOTS;
    slot_t *s = &ring[pos];
    atomic_store_explicit(&s->words[0], (uint32_t)i, memory_order_relaxed);
    atomic_store_explicit(&s->words[TOKEN], (uint32_t)i, memory_order_relaxed);
    atomic_store_explicit(&s->words[HEADER], epoch | 3u << MSGNUM_SHIFT, memory_order_release);
    written++;
    if (++pos == SLOTS) pos = 0, epoch ^= USED;
  }
  return NULL;
}

static uint32_t rx_pos, rx_epoch = USED, taken;
/* Where the data words received go, so that copying them is not optimized away. */
static volatile uint32_t sink;

static double ring_run(int r) {
  (void)r;
  double t0 = now_ns();
  for (long i = 0; i < count; i++) {
    slot_t *s = &ring[rx_pos];
    while ((atomic_load_explicit(&s->words[HEADER], memory_order_acquire) & USED) != rx_epoch) {
    }
    for (int k = 0; k < HEADER; k++) sink = atomic_load_explicit(&s->words[k], memory_order_relaxed);
    if (++taken % ACK_EVERY == 0) atomic_store_explicit(&acked, taken, memory_order_release);
    if (++rx_pos == SLOTS) rx_pos = 0, rx_epoch ^= USED;
  }
  return (now_ns() - t0) / count;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int is_ring = argc == 4 && strcmp(argv[1], "ring") == 0;
  if (argc != 4 || (!is_ring && strcmp(argv[1], "line") != 0) || (count = atol(argv[2])) < 1 || (runs = atoi(argv[3])) < 1) {
    fprintf(stderr, "usage: floor line ROUND_TRIPS RUNS | floor ring MESSAGES RUNS\n");
    return 2;
  }
  double *ns = malloc(sizeof *ns * runs);
  pthread_t thread;
  if (!ns || pthread_create(&thread, NULL, is_ring ? sender : echo, NULL) != 0) return 1;
  pin(0);
  for (int r = 0; r < runs; r++) ns[r] = is_ring ? ring_run(r) : line_run(r);
  pthread_join(thread, NULL);
  qsort(ns, runs, sizeof *ns, by_value);
  printf("%.1f %.1f\n", ns[0], ns[runs / 2]);
  return 0;
}
