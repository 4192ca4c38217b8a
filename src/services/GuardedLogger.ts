import { type Logger, SilentLogger } from './Logger.js';

/**
 * A {@link Logger} that passes each message on and ignores anything the logger it wraps throws.
 *
 * @remarks
 * Diagnostics never change what a socket does. The SDK logs from inside the system's events (a
 * datagram arriving at a full queue, a client refused, a peer dropped), where an exception would
 * reach no caller and end the process: a logger that throws there, say one that refuses messages
 * past a rate, must not let a peer crash the server by making it log.
 *
 * @example
 * ```ts
 * const logger = GuardedLogger.of({ debug: () => {}, warn: () => { throw new Error('log full'); } });
 * logger.warn('UdpSocket: receive queue full'); // nothing thrown
 * ```
 * @internal
 */
export class GuardedLogger implements Logger {
  readonly #inner: Logger;

  private constructor(inner: Logger) {
    this.#inner = inner;
  }

  /** `logger` guarded: itself when it is already guarded or cannot throw (the SDK's silent logger). */
  static of(logger: Logger): Logger {
    return logger instanceof GuardedLogger || Object.getPrototypeOf(logger) === SilentLogger.prototype ? logger : new GuardedLogger(logger);
  }

  /** Passes the message to the wrapped logger's `debug`; what it throws is ignored. */
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void {
    try {
      this.#inner.debug(message, fields);
    } catch {
      // Ignored: see the class remarks.
    }
  }

  /** Passes the message to the wrapped logger's `warn`; what it throws is ignored. */
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    try {
      this.#inner.warn(message, fields);
    } catch {
      // Ignored: see the class remarks.
    }
  }
}
