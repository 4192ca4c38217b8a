/**
 * What the orchestrator tells each benchmark process, and what the processes answer.
 *
 * @remarks Every program (Node, C++, Java) takes the same positional arguments, in the order of
 * {@link specArgs}, and prints `READY <port>` (servers) and one `RESULT <json>` line.
 */

/** The implementations compared. */
export type Impl = 'sdk' | 'raw' | 'ws' | 'sfml' | 'java' | 'sdkws';
/** The role of one process. */
export type Role = 'server' | 'client';
/** The measured cases that need two processes. */
export type Kase = 'pingpong' | 'pipeline' | 'udp' | 'idle' | 'handshake';

/** The parameters of one process of one run. */
export interface PeerSpec {
  readonly role: Role;
  readonly kase: Kase;
  readonly host: string;
  readonly port: number;
  /** Payload bytes per packet. */
  readonly size: number;
  /** Packets in flight (1 for ping-pong). */
  readonly inflight: number;
  /** Length of the measured window. */
  readonly durationMs: number;
  /** Unmeasured run before the window. */
  readonly warmupMs: number;
  /** Upper bound on measured round trips. */
  readonly maxIters: number;
  /** Connections for the idle case. */
  readonly connections: number;
}

/** The positional arguments for `spec`. */
export function specArgs(spec: PeerSpec): string[] {
  const { role, kase, host, port, size, inflight, durationMs, warmupMs, maxIters, connections } = spec;
  return [role, kase, host, port, size, inflight, durationMs, warmupMs, maxIters, connections].map(String);
}

/** Parses the positional arguments back into a spec. */
export function parseSpec(args: readonly string[]): PeerSpec {
  const [role, kase, host, port, size, inflight, durationMs, warmupMs, maxIters, connections] = args;
  if (role !== 'server' && role !== 'client') throw new Error(`bad role ${String(role)}`);
  if (kase !== 'pingpong' && kase !== 'pipeline' && kase !== 'udp' && kase !== 'idle' && kase !== 'handshake') throw new Error(`bad case ${String(kase)}`);
  return {
    role,
    kase,
    host: host ?? '127.0.0.1',
    port: Number(port),
    size: Number(size),
    inflight: Number(inflight),
    durationMs: Number(durationMs),
    warmupMs: Number(warmupMs),
    maxIters: Number(maxIters),
    connections: Number(connections),
  };
}

/** What an echo client reports. */
export interface ClientResult {
  /** Round trips (packets echoed back) in the measured window. */
  readonly iters: number;
  readonly elapsedMs: number;
  /** Latency percentiles in microseconds (ping-pong and UDP only; 0 otherwise). */
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  /** CPU time of the client process during the window. */
  readonly cpuMs: number;
  /** UDP datagrams sent again after a loss. */
  readonly lost?: number;
}

/** What an echo server reports. */
export interface ServerResult {
  /** Packets echoed over the connection's life (warm-up included). */
  readonly packets: number;
  /** CPU time of the server process over the same span. */
  readonly cpuMs: number;
}

/** What an idle-connections server reports once all are accepted and measured. */
export interface IdleMeasure {
  readonly accepted: number;
  /** From the first to the last accept. */
  readonly acceptMs: number;
  /** Resident memory before listening and after accepting everything (bytes). */
  readonly rssBefore: number;
  readonly rssAfter: number;
  /** V8 heap per connection (Node servers only). */
  readonly heapPerConnection?: number;
  /**
   * Node servers: the bytes V8's young generation holds committed, before and after. It is empty
   * after the full collections that precede each reading, and its size follows V8's allocation
   * heuristics (it doubles in steps), not the connections: see bytesPerConnection.
   */
  readonly youngBefore?: number;
  readonly youngAfter?: number;
}

/** What the idle-connections client reports. */
export interface IdleClientResult {
  readonly connected: number;
  readonly connectMs: number;
  /** Connections that got their one echo back. */
  readonly served: number;
}
