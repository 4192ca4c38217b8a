/**
 * A Promise together with its settle functions, made without a closure per call: the executor is
 * one shared function that leaves the settle functions here, to be taken at once by the caller.
 * (`Promise.withResolvers` does this but needs Node 22; a receive that waits is made per packet,
 * so the closure and its context an inline executor costs show in the allocation per round trip.)
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
