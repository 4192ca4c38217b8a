/**
 * A Promise together with its settle functions, made without a closure per call: the executor is
 * one shared function that leaves the settle functions here, to be taken at once by the caller.
 *
 * Process-wide mutable state on purpose, and measured: `Promise.withResolvers` does the same but
 * needs Node 22 (we support 20.11), and an inline executor allocates a closure and its context
 * per waiting receive, UDP send and selector wait, which is per packet. With this (commit 35b9654,
 * together with the wait objects it fills) the allocation per round trip, client and server in
 * one process, went 4,197 -> 3,957 B for TCP ping-pong and 5,603 -> 4,996 B for UDP. Safe because
 * nothing runs between `settleablePromise()` and the caller's read of {@link settlers}: the
 * executor runs synchronously inside the `Promise` constructor.
 *
 * @example
 * ```ts
 * const promise = settleablePromise<number>();
 * const { resolve } = settlers; // take them before the next settleablePromise()
 * resolve(42);
 * ```
 * @internal
 * @module
 */

/** The settle functions of the last Promise made by {@link settleablePromise} (resolve with that Promise's type only). */
export const settlers: { resolve: (value: unknown) => void; reject: (error: unknown) => void } = {
  resolve: () => undefined,
  reject: () => undefined,
};

function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  settlers.resolve = resolve;
  settlers.reject = reject;
}

/** A new pending Promise; its settle functions are in {@link settlers} until the next call. */
export function settleablePromise<T>(): Promise<T> {
  return new Promise<T>(capture as (resolve: (value: T) => void, reject: (error: unknown) => void) => void);
}
