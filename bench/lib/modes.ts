/** The three ways to run the benchmark: full (recorded), quick (a look), smoke (the test: it only has to work). */

/** Sizes, durations and repetitions of one mode. */
export interface Mode {
  readonly name: 'full' | 'quick' | 'smoke';
  readonly reps: number;
  /** The pinned ping-pong window, long enough for a p99. */
  readonly pinnedPingMs: number;
  /** The window of every other echo run. */
  readonly echoMs: number;
  /**
   * Traffic before each run's window opens. A second in full mode: in the first one the SDK's
   * longer code path is still being optimized by V8 and runs at 0.6–0.8× of its steady rate
   * (see docs/performance.md).
   */
  readonly warmupMs: number;
  /** Upper bound on round trips per run. */
  readonly maxIters: number;
  readonly pingSizes: readonly number[];
  readonly pipeSizes: readonly number[];
  readonly placements: readonly Placement[];
  readonly idleConnections: number;
  readonly codecMs: number;
  readonly codecMaxOps: number;
}

/** Where client and server run: both on CPU 0, or one process per core. */
export type Placement = 'pinned' | 'split';

/** The modes by name. */
export const MODES: Readonly<Record<Mode['name'], Mode>> = {
  full: {
    name: 'full',
    reps: 5,
    pinnedPingMs: 3000,
    echoMs: 750,
    warmupMs: 1000,
    maxIters: 10_000_000,
    pingSizes: [16, 64, 1024, 65536],
    pipeSizes: [64, 1024],
    placements: ['pinned', 'split'],
    idleConnections: 10_000,
    codecMs: 1000,
    codecMaxOps: 1e9,
  },
  quick: {
    name: 'quick',
    reps: 2,
    pinnedPingMs: 500,
    echoMs: 300,
    warmupMs: 100,
    maxIters: 10_000_000,
    pingSizes: [16, 64, 1024, 65536],
    pipeSizes: [64, 1024],
    placements: ['pinned', 'split'],
    idleConnections: 1000,
    codecMs: 300,
    codecMaxOps: 1e9,
  },
  smoke: {
    name: 'smoke',
    reps: 1,
    pinnedPingMs: 10_000,
    echoMs: 10_000,
    warmupMs: 0,
    maxIters: 300,
    pingSizes: [64],
    pipeSizes: [64],
    placements: ['split'],
    idleConnections: 20,
    codecMs: 10_000,
    codecMaxOps: 300,
  },
};
