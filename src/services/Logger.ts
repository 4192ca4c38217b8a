/**
 * Where the SDK reports what it does not return: dropped datagrams, denied clients, closed peers.
 *
 * @example
 * ```ts
 * const logger: Logger = { debug: () => {}, warn: (message, fields) => console.warn(message, fields) };
 * const container = createContainer({ logger });
 * ```
 */
export interface Logger {
  /**
   * Routine events useful when tracing (a client denied by policy, a connection dropped).
   *
   * @example
   * ```ts
   * const logger: Logger = { debug: (message, fields) => console.debug(message, fields), warn: () => {} };
   * ```
   */
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /**
   * Events worth attention (a peer broke the protocol, a queue overflowed).
   *
   * @example
   * ```ts
   * const logger: Logger = { debug: () => {}, warn: (message, fields) => console.warn(message, fields) };
   * ```
   */
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * The default logger: it says nothing.
 *
 * @example
 * ```ts
 * new SilentLogger().warn('never printed');
 * ```
 */
export class SilentLogger implements Logger {
  /**
   * Ignores the message.
   *
   * @param message - ignored.
   */
  debug(message: string): void {
    void message;
  }

  /**
   * Ignores the message.
   *
   * @param message - ignored.
   */
  warn(message: string): void {
    void message;
  }
}
