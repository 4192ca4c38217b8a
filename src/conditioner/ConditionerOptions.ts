/**
 * What a {@link NetworkConditioner} does to datagrams: loss, delay, jitter, reordering,
 * duplication and a rate limit, all drawn from one seed.
 *
 * @example
 * ```ts
 * const options: ConditionerOptions = { seed: 7, loss: 0.05, latencyMs: 40, jitterMs: 10, reorder: 0.02 };
 * ```
 */
export interface ConditionerOptions {
  /** The seed of every random choice (default 1): the same seed gives the same run. */
  readonly seed?: number;
  /** The share of datagrams dropped, 0 to 1 (default 0). */
  readonly loss?: number;
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
  /** The most bytes held back at once (delayed or rate-limited); beyond it datagrams are dropped, as a full router queue drops (default 1 MiB). */
  readonly queueBytes?: number;
}
