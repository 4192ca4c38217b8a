/** The measurement groups of a mode: what runs, on which implementations, compared to what. */
import type { Mode, Placement } from './modes.js';
import { runCodec, runDataStreams, runEcho, runIdle, type CodecImpl, type DataStreamImpl, type Setup } from './runners.js';
import type { Impl, PeerSpec } from './spec.js';
import { transportGroups } from './transports.js';
import { proxyGroups } from './proxyGroups.js';
import { coldStartGroup } from './coldStart.js';
import type { Group } from './Group.js';

export type { Group } from './Group.js';


const TCP_IMPLS: readonly Impl[] = ['sdk', 'raw', 'ws', 'sfml', 'java'];

/** The spec of an echo run, before role and port are set. */
function echoSpec(mode: Mode, kase: PeerSpec['kase'], size: number, inflight: number, durationMs: number): PeerSpec {
  return {
    role: 'server',
    kase,
    host: '127.0.0.1',
    port: 0,
    size,
    inflight,
    durationMs,
    warmupMs: mode.warmupMs,
    maxIters: mode.maxIters,
    connections: 1,
  };
}

function echoGroup(id: string, impls: readonly Impl[], spec: PeerSpec, placement: Placement, setup: Setup, pipelined: boolean): Group {
  const metrics = pipelined ? ['perSec', 'mbPerSec', 'clientCpuUs', 'serverCpuUs'] : ['perSec', 'p50Us', 'p99Us', 'p999Us', 'clientCpuUs', 'serverCpuUs'];
  return {
    plan: { id, baseline: 'raw', metrics, ratioMetrics: pipelined ? ['perSec'] : ['perSec', 'p99Us', 'p999Us'] },
    impls,
    run: async (impl) => ({ ...(await runEcho(impl as Impl, spec, placement, setup)) }),
  };
}

/** The SDK over WebSocket (`sdkws`) against a hand-written `ws` server and client doing the same framing (one message a packet). */
function webSocketGroups(mode: Mode, setup: Setup): Group[] {
  const impls: readonly Impl[] = ['sdkws', 'ws'];
  const groups: Group[] = [];
  for (const placement of mode.placements) {
    const ping = echoSpec(mode, 'pingpong', 64, 1, placement === 'pinned' ? mode.pinnedPingMs : mode.echoMs);
    groups.push({ ...echoGroup(`ws ping-pong 64 B, ${placement}`, impls, ping, placement, setup, false), plan: { id: `ws ping-pong 64 B, ${placement}`, baseline: 'ws', metrics: ['perSec', 'p50Us', 'p99Us', 'p999Us', 'clientCpuUs', 'serverCpuUs'], ratioMetrics: ['perSec', 'p99Us'] } });
    // The smoke run (a test with a time budget) only checks that the WebSocket peers work.
    if (mode.name === 'smoke') return groups;
    const pipe = echoSpec(mode, 'pipeline', 64, 64, mode.echoMs);
    groups.push({ ...echoGroup(`ws pipelined x64 64 B, ${placement}`, impls, pipe, placement, setup, true), plan: { id: `ws pipelined x64 64 B, ${placement}`, baseline: 'ws', metrics: ['perSec', 'mbPerSec', 'clientCpuUs', 'serverCpuUs'], ratioMetrics: ['perSec'] } });
  }
  const idle: PeerSpec = { ...echoSpec(mode, 'idle', 16, 1, 0), connections: mode.idleConnections };
  groups.push({
    plan: { id: `ws ${mode.idleConnections} idle WebSocket connections`, baseline: 'ws', metrics: ['accepted', 'served', 'bytesPerConnection', 'rssPerConnection', 'heapPerConnection'], ratioMetrics: ['bytesPerConnection'] },
    impls,
    disruptive: true,
    run: async (impl) => ({ ...(await runIdle(impl as Impl, idle, setup)) }),
  });
  return groups;
}

/** Every group of `mode`, in the order they run within a repetition. */
export function groupsOf(mode: Mode, setup: Setup, udpImpls: readonly Impl[]): Group[] {
  const groups: Group[] = [];
  for (const placement of mode.placements) {
    for (const size of mode.pingSizes) {
      const ms = placement === 'pinned' ? mode.pinnedPingMs : mode.echoMs;
      groups.push(echoGroup(`tcp ping-pong ${size} B, ${placement}`, TCP_IMPLS, echoSpec(mode, 'pingpong', size, 1, ms), placement, setup, false));
    }
    for (const size of mode.pipeSizes) {
      const spec = echoSpec(mode, 'pipeline', size, 64, mode.echoMs);
      groups.push(echoGroup(`tcp pipelined x64 ${size} B, ${placement}`, TCP_IMPLS, spec, placement, setup, true));
    }
    const udp = echoSpec(mode, 'udp', 64, 1, placement === 'pinned' ? mode.pinnedPingMs : mode.echoMs);
    groups.push(echoGroup(`udp ping-pong 64 B, ${placement}`, udpImpls, udp, placement, setup, false));
  }
  groups.push(...webSocketGroups(mode, setup));
  groups.push(...transportGroups(mode, setup));
  const idle: PeerSpec = { ...echoSpec(mode, 'idle', 16, 1, 0), connections: mode.idleConnections };
  groups.push({
    plan: {
      id: `tcp ${mode.idleConnections} idle connections`,
      baseline: 'raw',
      metrics: ['accepted', 'served', 'acceptMs', 'connectMs', 'bytesPerConnection', 'rssPerConnection', 'heapPerConnection'],
      ratioMetrics: ['bytesPerConnection', 'acceptMs'],
    },
    impls: TCP_IMPLS,
    disruptive: true,
    run: async (impl) => ({ ...(await runIdle(impl as Impl, idle, setup)) }),
  });
  groups.push({
    plan: { id: 'packet encode+decode, game message', baseline: 'dataview', metrics: ['opsPerSec', 'cpuNsPerOp'], ratioMetrics: ['opsPerSec'] },
    impls: ['sdk', 'sdk-calls', 'dataview'],
    run: async (impl) => ({ ...(await runCodec(impl as CodecImpl, mode.codecMs, mode.codecMaxOps, setup)) }),
  });
  groups.push(...proxyGroups(mode, setup));
  groups.push(coldStartGroup(mode, setup));
  groups.push({
    plan: { id: 'java data streams, 25 B records over loopback', baseline: 'raw', metrics: ['opsPerSec', 'cpuNsPerOp'], ratioMetrics: ['opsPerSec'] },
    impls: ['sdk', 'sdk-packet', 'raw'],
    run: async (impl) => ({ ...(await runDataStreams(impl as DataStreamImpl, mode.codecMs, mode.codecMaxOps, setup)) }),
  });
  return groups;
}
