/**
 * The one place that schedules output for the end of the tick: every batch started in a tick is
 * written by one `process.nextTick` for all of them.
 *
 * @remarks
 * Process-wide on purpose, and measured (commit 81426a4): one `process.nextTick` per channel,
 * with an argument array each, cost ~46 B more per send in one-process ping-pong (heap sampling)
 * and 15.6 against 15.2 µs of CPU per 64 B round trip per side, back to back. The list keeps its
 * length (emptying it would free its storage, and the next tick would allocate it again); written
 * slots are cleared, so nothing written is kept alive.
 *
 * @internal
 * @module
 */

/**
 * Output that waits for the end of the tick.
 *
 * @internal
 */
export interface TickOutput {
  /** Hands what it holds to the transport now. */
  flush(): void;
}

/** The outputs that started a batch this tick, in that order (the first `pendingCount` slots). */
const pending: Array<TickOutput | null> = [];
let pendingCount = 0;

/**
 * Writes every output in `pending`, one that starts a batch meanwhile included. A transport that
 * throws does not keep the others from being written: its error is thrown after.
 */
function flushAll(): void {
  let failed = false;
  let failure: unknown;
  for (let i = 0; i < pendingCount; i++) {
    const output = pending[i] as TickOutput;
    pending[i] = null;
    try {
      output.flush();
    } catch (error) {
      if (!failed) failure = error;
      failed = true;
    }
  }
  pendingCount = 0;
  if (failed) throw failure;
}

/** Has `output` flushed at the end of this tick, with every other output that started a batch in it. */
export function flushAtEndOfTick(output: TickOutput): void {
  pending[pendingCount++] = output;
  if (pendingCount === 1) process.nextTick(flushAll);
}
