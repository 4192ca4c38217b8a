/**
 * Runs the whole arena in one process: the server, the bots, the periodic status, the summary.
 *
 * @module
 */
import { IpAddress } from '../../../src/index.js';
import { ArenaServer, type ServerReport } from './ArenaServer.js';
import { Bot, type BotReport } from './Bot.js';
import { Samples, type TimingSummary } from './Samples.js';
import { resolveSettings, type ArenaOptions, type ArenaSettings } from './settings.js';
import { Traffic, type TrafficCounts } from './Traffic.js';
import { createWebFront } from './WebFront.js';

export type { ArenaEndpoint, ArenaOptions, ArenaStatus } from './settings.js';

/** What happened in a run. */
export interface ArenaSummary {
  /** The loopback address used. */
  readonly host: string;
  /** The server's TCP port. */
  readonly tcpPort: number;
  /** The server's UDP port. */
  readonly udpPort: number;
  /** Ticks a second. */
  readonly tickRate: number;
  /** How long the bots played, in milliseconds. */
  readonly elapsedMs: number;
  /** Whether the run was ended early by the signal. */
  readonly interrupted: boolean;
  /** The server's counters, after it closed (so `clients` is 0 when all went well). */
  readonly server: ServerReport;
  /** Each bot's counters. */
  readonly bots: readonly BotReport[];
  /** The server's traffic totals. */
  readonly traffic: TrafficCounts;
  /** Busy milliseconds per tick, over the run. */
  readonly tickMs: TimingSummary;
  /** Round trips over the run, in milliseconds. */
  readonly rttMs: TimingSummary;
}

/** Every bot whose index is 3 modulo 4 leaves and joins again at mid-run. */
const CHURN_EVERY = 4;
/** How long the server may take to see every bot's Leave once the bots are done. */
const DRAIN_MS = 1000;

/**
 * Runs an authoritative arena server and its bots over loopback sockets until the duration
 * elapses or `signal` aborts, then closes every socket and sums up.
 *
 * @param options - port, bots, duration, tick rate, address family, status callback.
 * @returns the summary.
 * @throws RangeError when an option is out of its bounds (see {@link resolveSettings}).
 * @throws Error when the server cannot listen or bind (e.g. the port is taken).
 * @example
 * ```ts
 * const summary = await runArena({ bots: 4, durationMs: 2000, onStatus: (s) => console.log(s.clients) });
 * console.log(summary.rttMs.avg, summary.server.joins);
 * ```
 */
export async function runArena(options: ArenaOptions = {}): Promise<ArenaSummary> {
  const settings = resolveSettings(options);
  const host = settings.ipv6 ? IpAddress.LocalHostV6 : IpAddress.LocalHost;
  const tick = timings();
  const rtt = timings();
  const web = options.web === true ? createWebFront() : undefined;
  const server = new ArenaServer({ host, port: settings.port, tickRate: settings.tickRate, onTick: tick.add, web, webPort: options.webPort });
  const failure = await server.start();
  if (failure !== null) {
    web?.close();
    throw new Error(failure);
  }
  const serving = server.run().finally(() => web?.close());
  const { tcpPort, udpPort } = server;
  const webUrl = web === undefined ? undefined : `http://${settings.ipv6 ? '[::1]' : '127.0.0.1'}:${server.webPort}/`;
  options.onListening?.({ host: String(host), tcpPort, udpPort, webUrl });
  const started = performance.now();
  const status = reportStatus(options.onStatus, settings, server, started, tick.window, rtt.window);
  try {
    const bots = Array.from({ length: settings.bots }, (_, i) => {
      const churn = i % CHURN_EVERY === CHURN_EVERY - 1;
      return new Bot({ name: `bot-${i + 1}`, host, port: tcpPort, seed: i + 1, churn, onRtt: rtt.add });
    });
    const reports = await Promise.all(bots.map((bot) => bot.run(started + settings.durationMs, options.signal)));
    const elapsedMs = performance.now() - started;
    await until(() => server.clientCount === 0, DRAIN_MS);
    server.stop();
    await serving;
    const ran = { elapsedMs, interrupted: options.signal?.aborted === true, tickRate: settings.tickRate };
    const measured = { traffic: server.traffic.snapshot(), tickMs: tick.total.summary(), rttMs: rtt.total.summary() };
    return { host: String(host), tcpPort, udpPort, ...ran, server: server.report(), bots: reports, ...measured };
  } finally {
    clearInterval(status);
    server.stop();
    await serving;
  }
}

/** Two records of the same timings: over the whole run, and over the current status interval. */
function timings(): { total: Samples; window: Samples; add: (ms: number) => void } {
  const total = new Samples();
  const window = new Samples(1024);
  return {
    total,
    window,
    add: (ms) => {
      total.add(ms);
      window.add(ms);
    },
  };
}

/** Starts the periodic status callback (when there is one); returns its timer. */
function reportStatus(
  onStatus: ArenaOptions['onStatus'],
  settings: ArenaSettings,
  server: ArenaServer,
  started: number,
  tickWindow: Samples,
  rttWindow: Samples,
): NodeJS.Timeout | undefined {
  if (onStatus === undefined) return undefined;
  let before = server.traffic.snapshot();
  let last = performance.now();
  return setInterval(() => {
    const now = performance.now();
    const counts = server.traffic.snapshot();
    const perSecond = Traffic.rate(counts, before, now - last);
    onStatus({ elapsedMs: now - started, clients: server.clientCount, perSecond, tickMs: tickWindow.summary(), rttMs: rttWindow.summary() });
    tickWindow.reset();
    rttWindow.reset();
    before = counts;
    last = now;
  }, settings.statusIntervalMs);
}

/** Resolves once `condition()` holds or `limitMs` elapsed (checked every 10 ms). */
async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
