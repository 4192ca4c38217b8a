/**
 * The arena's options with their defaults and bounds, checked in one place for `runArena` and
 * the command line.
 *
 * @module
 */
import type { TimingSummary } from './Samples.js';
import type { TrafficCounts } from './Traffic.js';

/** How to run the arena; every field has a default. */
export interface ArenaOptions {
  /** The server's TCP port (and UDP port); 0, the default, takes any free port. */
  readonly port?: number | undefined;
  /** How many bots play, 1 to {@link MAX_BOTS}; default 8. */
  readonly bots?: number | undefined;
  /** How long the bots play, in milliseconds (up to an hour); default 10 000. */
  readonly durationMs?: number | undefined;
  /** Server and bot ticks a second, 1 to {@link MAX_TICK_RATE}; default 30. */
  readonly tickRate?: number | undefined;
  /** Use ::1 instead of 127.0.0.1. */
  readonly ipv6?: boolean | undefined;
  /** Also serve the browser client and take browser players (over WebSocket) on a web port. */
  readonly web?: boolean | undefined;
  /** The web port (with `web`); 0, the default, takes any free port. */
  readonly webPort?: number | undefined;
  /** Ends the run early: the bots leave, the server closes (Ctrl-C). */
  readonly signal?: AbortSignal | undefined;
  /** Called once the server listens, before the bots start. */
  readonly onListening?: ((server: ArenaEndpoint) => void) | undefined;
  /** Called every `statusIntervalMs` while the arena runs. */
  readonly onStatus?: ((status: ArenaStatus) => void) | undefined;
  /** How often `onStatus` is called, in milliseconds; default 1000. */
  readonly statusIntervalMs?: number | undefined;
}

/** Where the server listens. */
export interface ArenaEndpoint {
  /** The loopback address, `127.0.0.1` or `::1`. */
  readonly host: string;
  /** The TCP port clients join on. */
  readonly tcpPort: number;
  /** The UDP port inputs go to. */
  readonly udpPort: number;
  /** With `web`: the page to open in a browser to play. */
  readonly webUrl?: string | undefined;
}

/** The arena over the last status interval. */
export interface ArenaStatus {
  /** Milliseconds since the bots started. */
  readonly elapsedMs: number;
  /** Clients connected to the server now. */
  readonly clients: number;
  /** The server's traffic per second over the interval. */
  readonly perSecond: TrafficCounts;
  /** Busy milliseconds per tick over the interval. */
  readonly tickMs: TimingSummary;
  /** Round trips over the interval, in milliseconds. */
  readonly rttMs: TimingSummary;
}

/** The options with every default filled in and checked. */
export interface ArenaSettings {
  /** See {@link ArenaOptions.port}. */
  readonly port: number;
  /** See {@link ArenaOptions.bots}. */
  readonly bots: number;
  /** See {@link ArenaOptions.durationMs}. */
  readonly durationMs: number;
  /** See {@link ArenaOptions.tickRate}. */
  readonly tickRate: number;
  /** See {@link ArenaOptions.ipv6}. */
  readonly ipv6: boolean;
  /** See {@link ArenaOptions.statusIntervalMs}. */
  readonly statusIntervalMs: number;
}

/** The most bots (the server's player limit). */
export const MAX_BOTS = 64;
/** The highest tick rate. */
export const MAX_TICK_RATE = 240;
/** The longest run, in milliseconds. */
const MAX_DURATION_MS = 3_600_000;

/** The range and default of one numeric option, as the command line states them. */
export interface Bound {
  /** The smallest value allowed (or the value it must be above, when `above` is set). */
  readonly min: number;
  /** `true` when the value must be above `min`, not equal to it. */
  readonly above?: boolean;
  /** The largest value allowed. */
  readonly max: number;
  /** The value used when the option is not given. */
  readonly default: number;
  /** Whether only whole numbers are allowed. */
  readonly integer: boolean;
}

/**
 * The bounds and defaults of the numeric options, in the command line's units (seconds for
 * `duration`): `resolveSettings` checks them and `--help` prints them, from this one table.
 *
 * @example
 * ```ts
 * BOUNDS.bots; // { min: 1, max: 64, default: 8, integer: true }
 * ```
 */
export const BOUNDS = {
  port: { min: 0, max: 65535, default: 0, integer: true },
  bots: { min: 1, max: MAX_BOTS, default: 8, integer: true },
  duration: { min: 0, above: true, max: MAX_DURATION_MS / 1000, default: 10, integer: false },
  'tick-rate': { min: 1, max: MAX_TICK_RATE, default: 30, integer: true },
} as const satisfies Record<string, Bound>;

/** How `--help` states a bound: `1 to 64` or `above 0, at most 3600`. */
export function describeBound(bound: Bound): string {
  return bound.above === true ? `above ${bound.min}, at most ${bound.max}` : `${bound.min} to ${bound.max}`;
}

/**
 * Fills in the defaults and checks every bound.
 *
 * @param options - the options as given.
 * @returns the settings.
 * @throws RangeError naming the option and its bounds when a value is out of them (or not a number).
 * @example
 * ```ts
 * resolveSettings({ bots: 4 }).tickRate; // 30
 * resolveSettings({ bots: 0 }); // RangeError: bots must be an integer from 1 to 64, got 0
 * ```
 */
export function resolveSettings(options: ArenaOptions = {}): ArenaSettings {
  return {
    port: integer('port', options.port ?? BOUNDS.port.default, BOUNDS.port.min, BOUNDS.port.max),
    bots: integer('bots', options.bots ?? BOUNDS.bots.default, BOUNDS.bots.min, BOUNDS.bots.max),
    durationMs: seconds('duration', options.durationMs ?? BOUNDS.duration.default * 1000),
    tickRate: integer('tick-rate', options.tickRate ?? BOUNDS['tick-rate'].default, BOUNDS['tick-rate'].min, BOUNDS['tick-rate'].max),
    ipv6: options.ipv6 ?? false,
    statusIntervalMs: seconds('status interval', options.statusIntervalMs ?? 1000),
  };
}

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  return value;
}

/** A duration given in milliseconds, reported in seconds as the command line takes it. */
function seconds(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_DURATION_MS) {
    throw new RangeError(`${name} must be a number of seconds above 0 and at most ${MAX_DURATION_MS / 1000}, got ${String(ms / 1000)}`);
  }
  return ms;
}
