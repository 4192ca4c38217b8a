import type { Clock } from '../services/Clock.js';
import { EnetPeerState } from './EnetPeerState.js';
import type { HostProtocol } from './HostProtocol.js';
import { serviceHost } from './hostSteps.js';
import * as P from './protocol.js';

/**
 * When an `EnetHost` runs its service step: once per turn of the event loop after something was
 * received or queued (so one datagram carries every acknowledgement and message of the turn),
 * and at the next moment a resend, ping or bandwidth throttle is due.
 *
 * @internal
 */
export interface HostTimers {
  /** Runs the step at the end of this turn of the event loop. */
  soon(): void;
  /** Stops every timer. */
  stop(): void;
}

/** The longest sleep between two steps while connections exist (ms). */
const MAX_SLEEP_MS = 1000;

/** Starts the timers of `protocol`; `after` runs after each step. */
export function startTimers(protocol: HostProtocol, clock: Clock, now: () => number, after: () => void): HostTimers {
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;
  const step = (): void => {
    immediate = null;
    if (stopped) return;
    const time = now();
    serviceHost(protocol, time);
    after();
    arm(time);
  };
  let timerAt = Infinity;
  const arm = (time: number): void => {
    let next = Infinity;
    for (const peer of protocol.peers) {
      if (peer.state === EnetPeerState.Disconnected) continue;
      next = Math.min(next, peer.sentReliableCommands.length > 0 ? peer.nextTimeout : peer.lastReceiveTime + peer.pingInterval);
    }
    if (next !== Infinity && protocol.connectedPeers > 0) next = Math.min(next, protocol.bandwidthThrottleEpoch + P.HOST_BANDWIDTH_THROTTLE_INTERVAL);
    const at = next === Infinity ? Infinity : time + Math.min(Math.max(next - time, 1), MAX_SLEEP_MS);
    // The timer set already fires in time: keep it (a step per datagram would otherwise re-arm a timer each time).
    if (cancel !== null && timerAt > time && timerAt <= at) return;
    cancel?.();
    cancel = null;
    timerAt = at;
    if (at === Infinity) return;
    cancel = clock.schedule(() => {
      cancel = null;
      timerAt = Infinity;
      step();
    }, at - time);
  };
  return {
    soon: () => {
      if (immediate === null && !stopped) immediate = setImmediate(step);
    },
    stop: () => {
      stopped = true;
      cancel?.();
      if (immediate !== null) clearImmediate(immediate);
    },
  };
}
