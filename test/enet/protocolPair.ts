/**
 * Two ENet protocol states (the internals of EnetHost) wired to each other in memory, with a
 * clock the test moves: for hostile-input tests that inspect what a host holds.
 */
import { fragmentBody, commandBody } from '../../src/enet/commands.js';
import { HostProtocol, type HostSink } from '../../src/enet/HostProtocol.js';
import { flushHost, receiveDatagram, serviceHost } from '../../src/enet/hostSteps.js';
import type { PeerState } from '../../src/enet/PeerState.js';
import * as P from '../../src/enet/protocol.js';

export const SERVER = { address: '127.0.0.1', port: 2000 };
export const CLIENT = { address: '127.0.0.1', port: 1000 };

/** What one side's sink saw. */
export interface Seen {
  readonly events: Array<{ type: string; peer: number; channel?: number; data: Uint8Array | number }>;
  readonly sent: Uint8Array[];
}

/** One side: its protocol and what it saw. */
export interface Side {
  readonly protocol: HostProtocol;
  readonly seen: Seen;
}

export interface Pair {
  readonly server: Side;
  readonly client: Side;
  now: number;
  /** When set, a datagram it returns `true` for is lost on the way (`from`: the side that sent it). */
  lose: ((bytes: Uint8Array, from: 'server' | 'client') => boolean) | null;
  /** Delivers datagrams in flight and runs service steps for `ms` of fake time. */
  run(ms: number): void;
  /** Sends raw bytes to the server as if from `from` (default: the client's address). */
  inject(bytes: Uint8Array, from?: { address: string; port: number }): void;
}

function side(limits: { maximumPacketSize: number; maximumWaitingData: number; peerCount: number }, admits: () => boolean, outbox: Array<[Uint8Array, string, number, Side | null]>, seed: number): Side {
  const seen: Seen = { events: [], sent: [] };
  let self: Side | null = null;
  const sink: HostSink = {
    admits,
    transmit: (bytes, address, port) => {
      seen.sent.push(bytes);
      outbox.push([bytes, address, port, self]);
    },
    connected: (peer, data) => void seen.events.push({ type: 'connect', peer: peer.incomingPeerID, data }),
    disconnected: (peer, data) => void seen.events.push({ type: 'disconnect', peer: peer.incomingPeerID, data }),
    received: (peer, channel, data) => void seen.events.push({ type: 'receive', peer: peer.incomingPeerID, channel, data }),
  };
  const protocol = new HostProtocol({ ...limits, channelLimit: 0, incomingBandwidth: 0, outgoingBandwidth: 0, mtu: P.HOST_DEFAULT_MTU, duplicatePeers: P.MAXIMUM_PEER_ID }, sink, seed, flushHost);
  self = { protocol, seen };
  return self;
}

/** Two protocols wired together; `seed` is each host's random seed (a connection's id is the client's seed + 1). */
export function pair(limits = { maximumPacketSize: 64 * 1024, maximumWaitingData: 256 * 1024, peerCount: 8 }, admits = (): boolean => true, seed = 12345): Pair {
  const outbox: Array<[Uint8Array, string, number, Side | null]> = [];
  const server = side(limits, admits, outbox, seed);
  const client = side({ ...limits, peerCount: 1 }, () => true, outbox, seed);
  const result: Pair = {
    server,
    client,
    now: 1000,
    lose: null,
    run(ms: number) {
      const end = result.now + ms;
      while (result.now < end) {
        for (let guard = 0; outbox.length > 0 && guard < 10_000; guard++) {
          const [bytes, , port, from] = outbox.shift()!;
          if (result.lose?.(bytes, from === server ? 'server' : 'client')) continue;
          if (from === server && port === CLIENT.port) receiveDatagram(client.protocol, bytes, SERVER.address, SERVER.port, result.now);
          else if (from === client && port === SERVER.port) receiveDatagram(server.protocol, bytes, CLIENT.address, CLIENT.port, result.now);
        }
        serviceHost(server.protocol, result.now);
        serviceHost(client.protocol, result.now);
        result.now += 5;
      }
    },
    inject(bytes, from = CLIENT) {
      receiveDatagram(server.protocol, bytes, from.address, from.port, result.now);
    },
  };
  return result;
}

/** Connects the pair's client to its server (channels 2); the server's slot and the client's peer. */
export function connected(p: Pair, channels = 2): { slot: PeerState; peer: PeerState } {
  const peer = p.client.protocol.connect(SERVER.address, SERVER.port, channels, 0)!;
  p.run(100);
  const slot = p.server.protocol.peers.find((candidate) => candidate.state === 5)!;
  return { slot, peer };
}

/** A datagram as `peer` (a client's state) would send: its header, sent time, then `commands`. */
export function datagramFrom(peer: PeerState, commands: Uint8Array[], overrides: { peerID?: number; session?: number } = {}): Uint8Array {
  const peerID = overrides.peerID ?? peer.outgoingPeerID;
  const session = overrides.session ?? peer.outgoingSessionID;
  const size = 4 + commands.reduce((sum, c) => sum + c.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, peerID | (session << P.HEADER_SESSION_SHIFT) | P.HEADER_FLAG_SENT_TIME);
  view.setUint16(2, 1);
  let at = 4;
  for (const c of commands) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** A SEND_RELIABLE command with `data` on `channel` and sequence `sequence`. */
export function reliable(channel: number, sequence: number, data: Uint8Array): Uint8Array {
  const { body, view } = commandBody(P.COMMAND_SEND_RELIABLE | P.FLAG_ACKNOWLEDGE, channel);
  view.setUint16(2, sequence);
  view.setUint16(4, data.length);
  const bytes = new Uint8Array(body.length + data.length);
  bytes.set(body);
  bytes.set(data, body.length);
  return bytes;
}

/** A SEND_FRAGMENT command with its fields as given (lies included) and `data` after it. */
export function fragment(channel: number, fields: { start: number; count: number; number: number; total: number; offset: number }, data: Uint8Array, dataLength = data.length): Uint8Array {
  const body = fragmentBody(P.COMMAND_SEND_FRAGMENT | P.FLAG_ACKNOWLEDGE, channel, {
    startSequenceNumber: fields.start,
    dataLength,
    fragmentCount: fields.count,
    fragmentNumber: fields.number,
    totalLength: fields.total,
    fragmentOffset: fields.offset,
  });
  new DataView(body.buffer).setUint16(2, fields.start + fields.number);
  const bytes = new Uint8Array(body.length + data.length);
  bytes.set(body);
  bytes.set(data, body.length);
  return bytes;
}
