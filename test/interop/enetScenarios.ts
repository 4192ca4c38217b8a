/**
 * The SDK's side of enet_probe.c's "unseq" and "frag" scenarios (test/interop/peers/enet_probe.c),
 * for the enetDelivery, enetChecksum and enetUnsequenced tests: the same messages sent, each one
 * received checked as the probe checks it, and the probe's result read back.
 */
import type { ExecutionContext } from 'ava';
import { EnetEventType, type EnetEvent, type EnetHost, EnetPacketFlag, type EnetPeer, NodeDatagramTransport, type ConditionerOptions, UdpRelay } from '../../src/index.js';
import { type Probe, pump } from './enetProbe.js';

/** What one side received. */
export interface Received {
  unreliable: number;
  flagZero: number;
  errors: string[];
  /** unseq: the indexes received. */
  readonly seen: Set<number>;
}

/**
 * A scenario as the probe's arguments give it: `unseq <count> [<batch>]` (`size` unused) or
 * `frag <count> <size>`. With `batch`, unsequenced messages go `batch` at a time, each batch
 * followed by a reliable [13], the next one once the other side answered it with [14].
 */
export interface Scenario {
  readonly name: 'unseq' | 'frag';
  readonly count: number;
  readonly size: number;
  readonly batch?: number;
}

const u32 = (data: Uint8Array, at: number): number => new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(at);
const pattern = (k: number, i: number): number => (k * 13 + i) & 0xff;

/** The probe's arguments after `<mode> <scenario> <host> <port>`. */
export function scenarioArgs(s: Scenario): number[] {
  return s.name === 'unseq' ? [s.count, s.batch ?? 0] : [s.count, s.size];
}

/** The scenario's messages, as enet_probe.c builds them. */
function fragMessage(kind: 6 | 8, i: number, size: number): Uint8Array {
  const message = new Uint8Array(size);
  message[0] = kind;
  if (kind === 6) new DataView(message.buffer).setUint32(1, i);
  for (let k = kind === 6 ? 5 : 1; k < size; k++) message[k] = pattern(k, i);
  return message;
}

/** The unsequenced message [5][u32 i]. */
export function unseqMessage(i: number): Uint8Array {
  const message = new Uint8Array(5);
  message[0] = 5;
  new DataView(message.buffer).setUint32(1, i);
  return message;
}

/** What the SDK side sends, as the probe does: the next part on each call; `true` once the end marker [9] went. */
function sender(peer: EnetPeer, s: Scenario): () => Promise<boolean> {
  let sent = 0;
  return async () => {
    if (s.name === 'frag') {
      for (let i = 0; i < s.count; i++) await peer.send(0, fragMessage(6, i, s.size), EnetPacketFlag.UnreliableFragment);
      await peer.send(1, fragMessage(8, 0, s.size), 0);
      sent = s.count;
    } else {
      const end = Math.min(s.count, sent + (s.batch !== undefined && s.batch > 0 ? s.batch : s.count));
      for (; sent < end; sent++) await peer.send(0, unseqMessage(sent), EnetPacketFlag.Unsequenced);
    }
    await peer.send(1, Uint8Array.of(sent < s.count ? 13 : 9), EnetPacketFlag.Reliable);
    return sent >= s.count;
  };
}

/** Checks one message as enet_probe.c does; `true` for the end marker. */
function checkMessage(got: Received, last: { index: number }, event: EnetEvent, s: Scenario): boolean {
  if (event.type !== EnetEventType.Receive) return false;
  const data = event.packet.getData();
  if (data.length === 1 && data[0] === 9) return true;
  const wrong = (what: string): void => void got.errors.push(what);
  if (data[0] === 5 && data.length === 5) {
    const i = u32(data, 1);
    if (i >= s.count || got.seen.has(i)) wrong(`unsequenced ${i} out of range or delivered twice`);
    got.seen.add(i);
    got.unreliable++;
  } else if (data[0] === 6 && data.length === s.size) {
    const i = u32(data, 1);
    if (i >= s.count || i <= last.index) wrong(`unreliable fragment ${i} after ${last.index}`);
    if (data.subarray(5).some((byte, k) => byte !== pattern(k + 5, i))) wrong(`unreliable fragment ${i} corrupt`);
    last.index = i;
    got.unreliable++;
  } else if (data[0] === 8 && data.length === s.size && event.channelID === 1) {
    if (data.subarray(1).some((byte, k) => byte !== pattern(k + 1, 0))) wrong('flag-0 message corrupt');
    got.flagZero++;
  } else {
    wrong(`unexpected message of ${data.length} bytes starting ${data[0]} on channel ${event.channelID}`);
  }
  return false;
}

/**
 * The SDK's side: sends, receives until 300 ms after the probe's end marker, checks the probe's
 * result, disconnects; `c` is the probe's result line's numbers.
 */
export async function sdkSide(t: ExecutionContext, host: EnetHost, peer: EnetPeer, probe: Probe, s: Scenario, timeoutMs = 20_000): Promise<{ sdk: Received; c: number[] }> {
  const got: Received = { unreliable: 0, flagZero: 0, errors: [], seen: new Set() };
  const last = { index: -1 };
  let endAt = Infinity;
  let sending: Promise<boolean> | null = null;
  const answers: Promise<unknown>[] = [];
  const sendNext = sender(peer, s);
  // As the probe does: a reliable hello first, the messages once the other's hello came (unreliable
  // data racing the acknowledgement of the connection is dropped by a host still acknowledging it, as ENet does).
  peer.throttleConfigure(5000, 2, 0); // as the probe: the throttle never drops an unreliable send here
  await peer.send(1, Uint8Array.of(12), EnetPacketFlag.Reliable);
  await pump(host, (event) => {
    const marker = event.type === EnetEventType.Receive && event.packet.getDataSize() === 1 ? event.packet.getData()[0] : -1;
    if (marker === 12) sending ??= sendNext();
    else if (marker === 13) answers.push(peer.send(1, Uint8Array.of(14), EnetPacketFlag.Reliable));
    else if (marker === 14 && sending !== null) sending = sending.then(async (done) => (done ? (got.errors.push('an answer [14] after [9]'), true) : sendNext()));
    else if (checkMessage(got, last, event, s)) endAt = Date.now() + 300;
  }, () => Date.now() >= endAt, timeoutMs);
  t.true(await sending, 'the SDK sent every message and its end marker');
  await Promise.all(answers);
  t.not(endAt, Infinity, `the probe's end marker arrived; its output:\n${probe.output()}`);
  const result = await probe.line(new RegExp(`^result ${s.name} (\\d+)(?: (\\d+))?$`));
  peer.disconnect();
  t.is(await probe.exited, 0, probe.output());
  return { sdk: got, c: result.slice(1).filter((x) => x !== undefined).map(Number) };
}

/** A {@link UdpRelay} to `127.0.0.1:port` with `options` both ways (seeds 11 and 13), closed at teardown. */
export async function relay(t: ExecutionContext, port: number, options: ConditionerOptions): Promise<UdpRelay> {
  const started = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '127.0.0.1', port }, forward: { ...options, seed: 11 }, backward: { ...options, seed: 13 } });
  t.teardown(() => started.close());
  return started;
}
