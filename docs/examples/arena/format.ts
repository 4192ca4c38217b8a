/**
 * The arena's text: the one-line status and the closing summary.
 *
 * @module
 */
import type { BotReport } from './Bot.js';
import type { ArenaSummary } from './runArena.js';
import type { TimingSummary } from './Samples.js';
import type { ArenaEndpoint, ArenaSettings, ArenaStatus } from './settings.js';
import type { FlowCounts } from './Traffic.js';

const rate = (value: number): string => value.toFixed(0);
const ms = (value: number): string => value.toFixed(2);
const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const timing = (t: TimingSummary): string => (t.count === 0 ? '-' : `${ms(t.avg)} ms p99 ${ms(t.p99)}`);
const packets = (f: Readonly<FlowCounts>): string => `${rate(f.packetsIn)}/${rate(f.packetsOut)}`;

/**
 * The line printed when the server is up.
 *
 * @param server - where it listens.
 * @param settings - the run's settings.
 * @returns one line without a line break.
 */
export function formatStart(server: ArenaEndpoint, settings: ArenaSettings): string {
  const seconds = settings.durationMs / 1000;
  const line = `arena: server on ${server.host} (TCP ${server.tcpPort}, UDP ${server.udpPort}); ${settings.bots} bots for ${seconds} s at ${settings.tickRate} Hz; Ctrl-C stops`;
  return server.webUrl === undefined ? line : `${line}\narena: play in a browser: open ${server.webUrl}`;
}

/**
 * The one-line status: clients, packets and bytes a second in and out (server side), busy
 * time per tick and round-trip time (average and 99th percentile).
 *
 * @param status - the status from `runArena`'s `onStatus`.
 * @returns one line without a line break.
 * @example
 * ```ts
 * formatStatus(status);
 * // '[ 2.0s] 8 clients | in/out per s: TCP 55/174 UDP 232/232 pkt, 5.2/31.9 KiB | tick 0.83 ms p99 2.56 | RTT 0.64 ms p99 1.87'
 * ```
 */
export function formatStatus(status: ArenaStatus): string {
  const { tcp, udp } = status.perSecond;
  const elapsed = (status.elapsedMs / 1000).toFixed(1).padStart(4);
  return [
    `[${elapsed}s] ${status.clients} clients`,
    `in/out per s: TCP ${packets(tcp)} UDP ${packets(udp)} pkt, ${kib(tcp.bytesIn + udp.bytesIn)}/${kib(tcp.bytesOut + udp.bytesOut)} KiB`,
    `tick ${timing(status.tickMs)}`,
    `RTT ${timing(status.rttMs)}`,
  ].join(' | ');
}

/**
 * The summary printed when a run ends.
 *
 * @param summary - what `runArena` returned.
 * @returns the lines, without line breaks.
 */
export function formatSummary(summary: ArenaSummary): string[] {
  const { server, traffic, bots } = summary;
  const total = (pick: (bot: BotReport) => number): number => bots.reduce((sum, bot) => sum + pick(bot), 0);
  const problems = bots.flatMap((bot) => bot.problems.map((problem) => `  ${bot.name}: ${problem}`));
  return [
    `arena ${summary.interrupted ? 'interrupted' : 'finished'} after ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
      `on ${summary.host} (TCP ${summary.tcpPort}, UDP ${summary.udpPort}), ${summary.tickRate} Hz`,
    `  server: ${server.ticks} ticks, ${server.joins} joins, ${server.leaves} leaves, ${server.drops} drops, ${server.refused} refused, ` +
      `peak ${server.peakClients} clients, ${server.clients} open at the end`,
    `  world: ${server.inputsApplied} inputs applied, ${server.inputsIgnored} ignored`,
    `  TCP: ${traffic.tcp.packetsIn} packets in (${traffic.tcp.bytesIn} B), ${traffic.tcp.packetsOut} out (${traffic.tcp.bytesOut} B)`,
    `  UDP: ${traffic.udp.packetsIn} datagrams in (${traffic.udp.bytesIn} B), ${traffic.udp.packetsOut} out (${traffic.udp.bytesOut} B)`,
    `  bots: ${bots.length}, ${total((b) => b.joins)} joins, ${total((b) => b.leaves)} leaves, ${total((b) => b.snapshots)} snapshots, ` +
      `${total((b) => b.chatsSent)} chats sent, ${total((b) => b.chatsReceived)} received (${server.chatsRelayed} relayed)`,
    `  tick: ${timing(summary.tickMs)}, max ${ms(summary.tickMs.max)} (busy time per tick)`,
    `  RTT: ${timing(summary.rttMs)}, max ${ms(summary.rttMs.max)} over ${summary.rttMs.count} pings`,
    ...(problems.length > 0 ? ['  problems:', ...problems] : []),
  ];
}
