/**
 * Stages of a binding's work that a host can time. The kernel simulator's measured clock
 * charges the real time the code takes and, with a trace, names each stretch after the stage
 * it ran in; that is how the evaluation breaks a round trip down (thesis Figure 4.19). Unless
 * a host observes, a stage costs one check of a module variable.
 * @module
 */

/**
 * - `deliver`: a binding hands a received message to its front end; for the channel API, the
 *   hand-off to the receiving task (the value put in its channel, the task made runnable).
 * - `send`: a front end hands a message to its binding: checked, encoded, its fragments
 *   handed to the channel.
 */
export type BindingStage = 'deliver' | 'send';

/** What a host that times the stages implements. Stages nest; every `enter` is followed by one `leave`. */
export interface StageObserver {
  /** A stage begins: the time so far belongs to the stage it interrupts. */
  enter(stage: BindingStage): void;
  /** The innermost stage ends (a stage that throws ends with its event instead). */
  leave(): void;
}

/** @internal The observer, read where a stage begins; null when nobody observes. */
export let stageObserver: StageObserver | null = null;

/** Makes `observer` see the stages from now on (`null`: nobody); returns the observer before it. */
export function observeStages(observer: StageObserver | null): StageObserver | null {
  const previous = stageObserver;
  stageObserver = observer;
  return previous;
}
