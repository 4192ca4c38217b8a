/**
 * What a {@link NetworkConditioner} does to datagrams: loss (also in bursts), delay, jitter,
 * reordering, duplication and a rate limit with a burst allowance, all drawn from one seed.
 *
 * @example
 * ```ts
 * const options: ConditionerOptions = { seed: 7, loss: 0.05, latencyMs: 40, jitterMs: 10, reorder: 0.02 };
 * ```
 */
export interface ConditionerOptions {
  /** The seed of every random choice (default 1): the same seed gives the same run. */
  readonly seed?: number;
  /**
   * The share of datagrams dropped, 0 to 1 (default 0). With `burstLength` above 1 it is the
   * chance that a loss burst starts.
   */
  readonly loss?: number;
  /**
   * The mean number of datagrams lost in a row once a loss happens (default 1: each loss on its
   * own). Above 1, losses come in bursts as on a congested or radio link (the Gilbert model): after
   * a loss, the next datagram is lost too with the chance `1 − 1 / burstLength`. The long-run
   * share lost is then `loss × burstLength / (1 + loss × (burstLength − 1))`.
   */
  readonly burstLength?: number;
  /** The share of datagrams delivered twice, 0 to 1 (default 0). */
  readonly duplicate?: number;
  /** The one-way delay added to every datagram, in milliseconds (default 0). */
  readonly latencyMs?: number;
  /** A random extra delay from 0 to this many milliseconds, per datagram (default 0). */
  readonly jitterMs?: number;
  /** The share of datagrams held back by `reorderDelayMs` more, so later ones overtake them (default 0). */
  readonly reorder?: number;
  /** How long a reordered datagram is held back (default 3 × `latencyMs`, at least 10 ms). */
  readonly reorderDelayMs?: number;
  /** The most bytes per second let through; more wait their turn, or are dropped once the queue is full (default: no limit). */
  readonly bytesPerSecond?: number;
  /**
   * With `bytesPerSecond`: how many bytes may pass at once after the link was idle, before the
   * rate applies (a token bucket's size; default 0: every byte waits its turn).
   */
  readonly burstBytes?: number;
  /** The most bytes held back at once (delayed or rate-limited); beyond it datagrams are dropped, as a full router queue drops (default 1 MiB). */
  readonly queueBytes?: number;
}

/**
 * Conditions for each direction of a datagram endpoint: the top-level options apply to what it
 * sends, `inbound` (when given) to what it receives, with a seed of its own.
 *
 * @example
 * ```ts
 * const options: DirectedConditionerOptions = { seed: 5, latencyMs: 20, inbound: { loss: 0.1, burstLength: 3 } };
 * ```
 */
export interface DirectedConditionerOptions extends ConditionerOptions {
  /** What happens to datagrams on their way in (default: nothing). */
  readonly inbound?: ConditionerOptions;
}

/**
 * What a conditioned byte stream suffers: delay, jitter and a rate limit, per direction. A stream
 * (TCP, TLS) never loses, duplicates or reorders bytes, so those options have no stream form:
 * jitter changes when bytes arrive, never their order.
 *
 * @example
 * ```ts
 * const options: StreamConditionerOptions = { seed: 2, latencyMs: 50, jitterMs: 10, bytesPerSecond: 256 * 1024, inbound: { latencyMs: 50 } };
 * ```
 */
export interface StreamConditionerOptions {
  /** The seed of the jitter (default 1). */
  readonly seed?: number;
  /** The one-way delay added to what is written, in milliseconds (default 0). */
  readonly latencyMs?: number;
  /** A random extra delay from 0 to this many milliseconds per write, order kept (default 0). */
  readonly jitterMs?: number;
  /** The most bytes per second let through (default: no limit). */
  readonly bytesPerSecond?: number;
  /** With `bytesPerSecond`: bytes that may pass at once after an idle time (default 0). */
  readonly burstBytes?: number;
  /** The most bytes held back at once; beyond it `write` reports backpressure (default 1 MiB). */
  readonly queueBytes?: number;
  /** The same for what the connection receives (default: nothing). */
  readonly inbound?: Omit<StreamConditionerOptions, 'inbound'>;
}
