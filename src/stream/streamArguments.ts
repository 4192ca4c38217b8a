// Argument checks and call ordering shared by DataInputStream and DataOutputStream.
// Internal: not exported from src/index.ts.

/**
 * Runs asynchronous operations one after another in the order they were asked for, so reads (or
 * writes) that are not awaited one by one still take their bytes in call order.
 *
 * @internal
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Whether nothing runs or waits now (a caller may then answer at once, in order). */
  get idle(): boolean {
    return this.#pending === 0;
  }

  /** Runs `operation` after every one asked for before it; a rejection does not stop the later ones. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(operation).finally(() => this.#pending--);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The Promise `make` returns, or a rejection with what it threw: misuse rejects, never throws,
 * from a Promise-returning method.
 *
 * @internal
 */
export function rejecting<T>(make: () => Promise<T>): Promise<T> {
  try {
    return make();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `value` when it is an integer from `min` to `max`; else a TypeError (not a number) or RangeError.
 *
 * @internal
 */
export function checkRange(method: string, name: string, value: unknown, min: number | bigint, max: number | bigint): number {
  if (typeof value !== 'number') throw new TypeError(`${method}: ${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${method}: ${name} ${value} is not an integer from ${min} to ${max}`);
  return value;
}

/**
 * `socket` when it is an instance of `type`; else a TypeError.
 *
 * @internal
 */
export function checkSocket<T>(owner: string, socket: unknown, type: abstract new (...args: never[]) => T): T {
  if (!(socket instanceof type)) throw new TypeError(`${owner}: expected a TcpSocket`);
  return socket;
}
