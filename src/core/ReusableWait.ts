/** What an answered wait holds instead of its settle functions, so it keeps nothing alive. */
const NOTHING = (): void => undefined;

/**
 * A blocking receive's wait: what it fills and the settle functions of the Promise its caller
 * awaits. It is answered once; its socket may then {@link ReusableWait.refill} it for the next
 * wait, so a loop that waits for every packet makes one of these, not one a packet.
 *
 * @remarks
 * An answered wait lets go of its target and settle functions. Refill only a wait that is
 * `answered`: one still queued would then answer the wrong caller.
 *
 * @example
 * ```ts
 * const wait = last?.answered === true ? last.refill(target, resolve, reject) : new PendingDatagram(target, resolve, reject);
 * ```
 * @internal
 */
export abstract class ReusableWait<Target, Result> {
  /** Whether the wait has been answered. */
  answered = false;
  #target: Target | undefined;
  #resolve: (result: Result) => void;
  #reject: (error: unknown) => void;

  constructor(target: Target, resolve: (result: Result) => void, reject: (error: unknown) => void) {
    this.#target = target;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Makes this answered wait the wait for `target`. */
  refill(target: Target, resolve: (result: Result) => void, reject: (error: unknown) => void): this {
    this.#target = target;
    this.#resolve = resolve;
    this.#reject = reject;
    this.answered = false;
    return this;
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
    const reject = this.#reject;
    this.#letGo();
    reject(error);
  }

  #letGo(): void {
    this.answered = true;
    this.#target = undefined;
    this.#resolve = NOTHING;
    this.#reject = NOTHING;
  }
}
