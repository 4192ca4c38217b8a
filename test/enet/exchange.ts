/**
 * The "exchange" scenario of test/interop/peers/enet_peer.c, on the SDK side: the same messages
 * sent, and the same checks of what arrives (every reliable message once, complete, in order per
 * channel; unreliable sequenced ones never out of order; the big one whole, after the others of
 * channel 0; a "done" on each channel after all of that channel's messages — ENet orders within a
 * channel only).
 */
import { EnetEventType, type EnetHost, EnetPacketFlag, type EnetPeer, SocketStatus } from '../../src/index.js';

/** How much each side sends. */
export interface Plan {
  readonly count: number;
  readonly channels: number;
  readonly big: number;
  readonly unreliable: number;
}

/** What one side received, and how its connection ended. */
export interface Summary {
  reliable: number;
  unreliable: number;
  big: number;
  /** Channels whose "done" arrived. */
  doneChannels: number;
  done: boolean;
  disconnectData: number;
  errors: string[];
}

function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);
}

/** The big message: [2] then a pattern. */
export function bigMessage(size: number): Uint8Array {
  const big = new Uint8Array(size);
  big[0] = 2;
  for (let k = 1; k < size; k++) big[k] = (k * 7 + 3) & 0xff;
  return big;
}

/** Sends the plan's messages to `peer`, as the C peer does. */
export async function sendAll(peer: EnetPeer, plan: Plan): Promise<void> {
  for (let i = 0; i < plan.count; i++) {
    for (let c = 0; c < plan.channels; c++) {
      const filler = i % 50;
      const message = new Uint8Array(6 + filler).fill((i + c) & 0xff);
      message[0] = 1;
      message[1] = c;
      new DataView(message.buffer).setUint32(2, i);
      const { status } = await peer.send(c, message, EnetPacketFlag.Reliable);
      if (status !== SocketStatus.Done) throw new Error(`send reliable ${i}/${c}: ${status}`);
    }
  }
  if (plan.big > 0) await peer.send(0, bigMessage(plan.big), EnetPacketFlag.Reliable);
  for (let i = 0; i < plan.unreliable; i++) {
    const message = new Uint8Array(5);
    message[0] = 3;
    new DataView(message.buffer).setUint32(1, i);
    await peer.send(plan.channels - 1, message);
  }
  // ENet orders messages within a channel only: each channel gets its own "done".
  for (let c = 0; c < plan.channels; c++) await peer.send(c, Uint8Array.of(4, c), EnetPacketFlag.Reliable);
}

/** Checks one received message against the plan, recording what is wrong in `summary.errors`. */
export function check(summary: Summary, expected: number[], last: { unreliable: number }, channelID: number, data: Uint8Array, plan: Plan): void {
  const wrong = (what: string): void => void summary.errors.push(what);
  switch (data[0]) {
    case 1: {
      const c = data[1] as number;
      const i = u32(data, 2);
      if (c !== channelID) wrong(`reliable ${i} on channel ${channelID}, not ${c}`);
      if (i !== expected[c]) wrong(`channel ${c}: got ${i}, expected ${expected[c]}`);
      if (data.length !== 6 + (i % 50) || data.subarray(6).some((byte) => byte !== ((i + c) & 0xff))) wrong(`reliable ${i}/${c} content`);
      expected[c] = i + 1;
      summary.reliable++;
      break;
    }
    case 2: {
      const want = bigMessage(plan.big);
      if (data.length !== want.length || data.some((byte, k) => byte !== want[k])) wrong('big message content');
      if (expected[0] !== plan.count) wrong('big message before the reliable ones of its channel');
      summary.big++;
      break;
    }
    case 3: {
      const i = u32(data, 1);
      if (i <= last.unreliable) wrong(`unreliable ${i} after ${last.unreliable}`);
      last.unreliable = i;
      summary.unreliable++;
      break;
    }
    case 4: {
      const c = data[1] as number;
      if (data.length !== 2 || c !== channelID) wrong(`done on channel ${channelID}, not ${c}`);
      if (expected[c] !== plan.count || (c === 0 && plan.big > 0 && summary.big !== 1)) wrong(`done before everything on channel ${c}`);
      summary.doneChannels++;
      summary.done = summary.doneChannels === plan.channels;
      break;
    }
    default:
      wrong(`unknown message ${data[0]}`);
  }
}

/**
 * Runs the exchange on `host` until the connection ends (the client disconnects once done):
 * sends on the connect event, checks every message. Gives up after `deadlineMs`. `other` is the
 * program at the other end: `'enet-c'` (the C library) or `'sdk'`.
 */
export async function runExchange(host: EnetHost, plan: Plan, client: boolean, deadlineMs = 30_000, other: 'enet-c' | 'sdk' = 'enet-c'): Promise<Summary> {
  const summary: Summary = { reliable: 0, unreliable: 0, big: 0, doneChannels: 0, done: false, disconnectData: -1, errors: [] };
  const expected = new Array<number>(plan.channels).fill(0);
  const last = { unreliable: -1 };
  const end = Date.now() + deadlineMs;
  let sending: Promise<void> | null = null;
  while (Date.now() < end) {
    const { event } = await host.service(100);
    if (event === null) continue;
    if (event.type === EnetEventType.Connect && sending === null) {
      event.peer.setTimeout(0, 20_000, 30_000); // a loaded CI machine can stall for seconds: no time-out inside a test
      sending = sendAll(event.peer, plan);
    } else if (event.type === EnetEventType.Receive) {
      check(summary, expected, last, event.channelID, event.packet.getData(), plan);
      if (summary.done && client) {
        await sending;
        // A C host acknowledges a DISCONNECT once, and when that is lost this side waits for its
        // time-out: ENet's own (5 s) then, not 20 s. An SDK host acknowledges it again, so the
        // long time-outs stay, and a loaded machine's stall cannot time the disconnect out.
        if (other === 'enet-c') event.peer.setTimeout(0, 0, 0);
        event.peer.disconnectLater(99);
      }
    } else if (event.type === EnetEventType.Disconnect) {
      await sending;
      summary.disconnectData = event.data;
      return summary;
    }
  }
  summary.errors.push('timed out');
  return summary;
}
