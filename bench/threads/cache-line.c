/*
 * The hardware floor of the threads benchmark: two threads ping-pong one cache line, as in
 * the C measurement the goals are set against. Built and run by main.ts when a C compiler
 * is there (cc -O2 -pthread); the benchmark runs without it.
 *
 *   cache-line ROUND_TRIPS RUNS   prints the best and the median nanoseconds per round trip
 *
 * Many short runs, as the JavaScript levels do, so that a machine shared with other work
 * still shows what two free cores do. The threads are pinned to CPUs 0 and 1 where the
 * system allows it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The line: odd values are pings, even values pongs. */
static _Alignas(64) _Atomic long line;
static long trips;
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

/* The echo: answers every ping of every run. */
static void *echo(void *unused) {
  (void)unused;
  pin(1);
  for (long k = 0; k < trips * runs; k++) {
    while (atomic_load_explicit(&line, memory_order_acquire) != 2 * k + 1) {
    }
    atomic_store_explicit(&line, 2 * k + 2, memory_order_release);
  }
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 3 || (trips = atol(argv[1])) < 1 || (runs = atoi(argv[2])) < 1) {
    fprintf(stderr, "usage: cache-line ROUND_TRIPS RUNS\n");
    return 2;
  }
  double *ns = malloc(sizeof *ns * runs);
  pthread_t thread;
  if (!ns || pthread_create(&thread, NULL, echo, NULL) != 0) return 1;
  pin(0);
  for (int r = 0; r < runs; r++) {
    double t0 = now_ns();
    for (long i = 0; i < trips; i++) {
      long k = (long)r * trips + i;
      atomic_store_explicit(&line, 2 * k + 1, memory_order_release);
      while (atomic_load_explicit(&line, memory_order_acquire) != 2 * k + 2) {
      }
    }
    ns[r] = (now_ns() - t0) / trips;
  }
  pthread_join(thread, NULL);
  qsort(ns, runs, sizeof *ns, by_value);
  printf("%.1f %.1f\n", ns[0], ns[runs / 2]);
  return 0;
}
