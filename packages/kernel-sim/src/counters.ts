/**
 * Counters per core and per channel end: what a run did, in numbers. They are plain fields
 * bumped on the hot paths; `Machine.counters()` takes a snapshot for reports.
 */

/** Fragments and words that went through a channel end, or through all the ends of a core. */
class TrafficCounters {
  messagesSent = 0;
  messagesReceived = 0;
  wordsSent = 0;
  wordsReceived = 0;
  /** Sends refused because the channel was full (then retried). */
  stalls = 0;

  /** Counts one fragment of `words` words, sent or received. */
  add(sent: boolean, words: number): void {
    if (sent) {
      this.messagesSent++;
      this.wordsSent += words;
    } else {
      this.messagesReceived++;
      this.wordsReceived += words;
    }
  }
}

/** What one core did. */
export class CoreCounters extends TrafficCounters {
  /** Cycles charged to the core: modelled costs, plus real time in measured mode. */
  busyCycles = 0;
  /** Events run on the core. */
  events = 0;
  /** Times the core switched to another dispatcher. */
  contextSwitches = 0;
  /** Requests handled by this core's monitor. */
  monitorOps = 0;
}

/** What one channel end did. */
export class ChannelCounters extends TrafficCounters {
  /** Cycles of modelled send and receive work on this end. */
  cycles = 0;
  /** Caps sent and received with frames or through the monitors. */
  capsSent = 0;
  capsReceived = 0;
}

/** The numbers of a counters object. */
type Numbers<C> = { readonly [K in keyof C as C[K] extends number ? K : never]: C[K] };

/** A snapshot of one core's counters, with its clock (in cycles) when it was taken. */
export type CoreReport = Numbers<CoreCounters> & { readonly core: number; readonly clock: number };

/** A snapshot of one channel end's counters, with what names the end. */
export type ChannelReport = Numbers<ChannelCounters> & {
  readonly id: number;
  readonly kind: 'lmp' | 'ump' | 'local';
  readonly label: string;
  readonly core: number;
  readonly dispatcher: string;
};

/** Counters of a whole machine. */
export interface CountersReport {
  readonly cores: readonly CoreReport[];
  readonly channels: readonly ChannelReport[];
}

/** A fixed-width text table of the cores that did something, for printing. */
export function formatCoreCounters(report: CountersReport): string {
  const header = ['core', 'clock', 'busy', 'events', 'ctxsw', 'sent', 'recvd', 'words out', 'words in', 'stalls', 'mon ops'];
  const rows = report.cores
    .filter((c) => c.events > 0)
    .map((c) => [
      c.core,
      c.clock,
      c.busyCycles,
      c.events,
      c.contextSwitches,
      c.messagesSent,
      c.messagesReceived,
      c.wordsSent,
      c.wordsReceived,
      c.stalls,
      c.monitorOps,
    ].map((v) => String(Math.round(v))));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
