/** What a wait holds while it is not waiting, so it keeps nothing alive. */
const NOTHING = (): void => undefined;

/** The wait whose Promise is being made: its executor ({@link ReusableWait}'s `#capture`) stores the resolve function there. */
let making: ReusableWait<unknown, unknown> | null = null;

/**
 * A blocking receive's wait: what it fills and the resolve function of the Promise its caller
 * awaits. {@link ReusableWait.begin} starts it and returns that Promise; it is answered once, and
 * its socket may then begin it again for the next wait, so a loop that waits for every packet
 * makes one of these, not one a packet.
 *
 * @remarks
 * Only the resolve function is kept, stored by the Promise's executor straight into the wait (a
 * shared executor, no closure per wait). A failure resolves the Promise with a thenable that
 * rejects (a Promise resolved with a thenable takes on its outcome), so the reject function is
 * never kept. Per wait this is one store of a new function into a long-lived object, each such
 * store a write barrier's slow path, where taking both functions through a shared holder and
 * then into the wait made four.
 *
 * An answered wait lets go of its target and resolve function. Begin only a wait that is
 * `answered`: one still queued would then answer the wrong caller.
 *
 * @example
 * ```ts
 * const wait = last?.answered === true ? last : new PendingDatagram();
 * const promise = wait.begin(target);
 * ```
 * @internal
 */
export abstract class ReusableWait<Target, Result> {
  /** Whether the wait is answered (or was never begun): it may begin again. */
  answered = true;
  /** Cancels the wait's time-out timer, when its owner set one (SO_TIMEOUT); reset by {@link ReusableWait.begin}. */
  cancelTimer: (() => void) | undefined = undefined;
  #target: Target | undefined = undefined;
  #resolve: (result: Result) => void = NOTHING;

  /** The executor of every wait's Promise: leaves the resolve function in the wait being made. */
  static #capture(resolve: (result: never) => void): void {
    (making as ReusableWait<unknown, unknown>).#resolve = resolve as (result: unknown) => void;
  }

  /** Starts the wait for `target`, with no timer yet; returns the Promise it answers. */
  begin(target: Target): Promise<Result> {
    this.cancelTimer = undefined;
    this.#target = target;
    this.answered = false;
    making = this as ReusableWait<unknown, unknown>;
    const promise = new Promise<Result>(ReusableWait.#capture);
    making = null;
    return promise;
  }

  /** What the wait fills (only while it is not answered). */
  protected get target(): Target {
    return this.#target as Target;
  }

  /** Answers the wait with `result`. */
  protected answer(result: Result): void {
    const resolve = this.#resolve;
    this.#letGo();
    resolve(result);
  }

  /** Answers the wait with a rejection: `error` was thrown while filling the target. */
  protected fail(error: unknown): void {
    const resolve = this.#resolve as (outcome: unknown) => void;
    this.#letGo();
    resolve(rejecting(error));
  }

  #letGo(): void {
    this.answered = true;
    this.#target = undefined;
    this.#resolve = NOTHING;
  }
}

/** A thenable that rejects with `error`: a Promise resolved with it is rejected with `error` (its `then` is called on a later microtask). */
function rejecting(error: unknown): object {
  return { then: (_fulfil: unknown, reject: (reason: unknown) => void): void => reject(error) };
}
