import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';

/**
 * The sockets above the seam over a given pair of transports: what a user sees must not depend
 * on which transport carries the bytes.
 */

/** Polls before a polling loop gives up: a loop that spins without letting I/O run goes through this many in about a second. */
const POLL_CAP = 2_000_000;

/** A packet whose `clear` throws while `armed`, as a buggy override might. */
class ClearThrows extends Packet {
  armed = false;
  override clear(): void {
    if (this.armed) throw new RangeError('this packet refuses to be cleared');
    super.clear();
  }
}

/** Services (transports) to build sockets with, and the hosts to try. */
export interface SocketSubject {
  readonly name: string;
  readonly hosts: readonly string[];
  make(): SocketOptions;
}

/** A listener on `address` (port 0) and two sockets over `options` (the client's with `client` on top), all closed at teardown. */
async function listening(t: ExecutionContext, options: SocketOptions, address: IpAddress, client: SocketOptions = {}): Promise<{ listener: TcpListener; client: TcpSocket; server: TcpSocket }> {
  const sockets = { listener: new TcpListener(options), client: new TcpSocket({ ...options, ...client }), server: new TcpSocket(options) };
  t.teardown(() => {
    sockets.client.disconnect();
    sockets.server.disconnect();
    return sockets.listener.close();
  });
  t.is((await sockets.listener.listen(0, address)).status, SocketStatus.Done);
  return sockets;
}

/** Registers the socket-level contract for `subject`. */
export function socketContract(subject: SocketSubject): void {
  for (const host of subject.hosts) {
    const address = IpAddress.parse(host);
    test(`${subject.name} on ${host}: TcpListener and TcpSocket exchange packets, then the close is Disconnected`, async (t) => {
      const { listener, client, server } = await listening(t, subject.make(), address);
      const [connected, accepted] = await Promise.all([client.connect(address, listener.getLocalPort()), listener.accept(server)]);
      t.is(connected.status, SocketStatus.Done);
      t.is(accepted.status, SocketStatus.Done);
      t.is(server.getRemotePort(), client.getLocalPort());
      for (let i = 0; i < 50; i++) await client.send(new Packet().writeUint32(i).writeString('x'.repeat(i * 100)));
      const packet = new Packet();
      for (let i = 0; i < 50; i++) {
        t.is((await server.receive(packet)).status, SocketStatus.Done);
        t.is(packet.readUint32(), i);
        t.is(packet.readString().length, i * 100);
      }
      client.disconnect();
      t.is((await server.receive(packet)).status, SocketStatus.Disconnected);
    });

    test(`${subject.name} on ${host}: a game loop polling without pause (non-blocking connect, accept, send, receive) reaches Done`, async (t) => {
      // A send buffer smaller than the packet: the send is Partial at first and must be polled on.
      const { listener, client, server } = await listening(t, subject.make(), address, { limits: { sendBufferSize: 16 * 1024 } });
      listener.setBlocking(false);
      client.setBlocking(false);
      server.setBlocking(false);
      // Nothing but these calls is awaited: the handshakes and the bytes can only move if the
      // answers let the event loop turn. Capped, not timed: without that, the loop spins to the cap.
      let polls = 0;
      let connected = SocketStatus.NotReady;
      let accepted = SocketStatus.NotReady;
      while ((connected !== SocketStatus.Done || accepted !== SocketStatus.Done) && ++polls < POLL_CAP) {
        if (connected !== SocketStatus.Done) connected = (await client.connect(address, listener.getLocalPort())).status;
        if (accepted !== SocketStatus.Done) accepted = (await listener.accept(server)).status;
      }
      t.is(connected, SocketStatus.Done, `connect after ${polls} polls`);
      t.is(accepted, SocketStatus.Done, `accept after ${polls} polls`);
      const payload = new Uint8Array(200 * 1024).map((_, i) => i % 251);
      const out = new Packet().append(payload);
      const received = new Packet();
      let sent = SocketStatus.NotReady;
      let got = SocketStatus.NotReady;
      polls = 0;
      while ((sent !== SocketStatus.Done || got !== SocketStatus.Done) && ++polls < POLL_CAP) {
        if (sent !== SocketStatus.Done) sent = (await client.send(out)).status;
        if (got !== SocketStatus.Done) got = (await server.receive(received)).status;
        if (sent === SocketStatus.Error || got === SocketStatus.Error) break;
      }
      t.is(sent, SocketStatus.Done, `send after ${polls} polls`);
      t.is(got, SocketStatus.Done, `receive after ${polls} polls`);
      t.deepEqual(new Uint8Array(received.getData()), payload);
    });

    test(`${subject.name} on ${host}: a packet whose clear() throws is left invalid; every receive still answers, and the packets after it read whole`, async (t) => {
      const { listener, client, server } = await listening(t, subject.make(), address);
      await Promise.all([client.connect(address, listener.getLocalPort()), listener.accept(server)]);
      const broken = new ClearThrows();
      const packet = new Packet();
      const expectBroken = async (receiving: Promise<{ status: SocketStatus }>, status: SocketStatus, what: string): Promise<void> => {
        t.is((await receiving).status, status, what);
        t.false(broken.isValid(), what);
      };
      // A receive that waits, then the packet arrives.
      broken.armed = true;
      const waiting = server.receive(broken);
      await client.send(new Packet().writeString('first'));
      await expectBroken(waiting, SocketStatus.Done, 'a waiting receive');
      // A packet in many pieces (on a byte stream its frame spans the chunks it arrived in).
      const big = new Packet().append(new Uint8Array(200 * 1024).fill(7));
      const [, bigReceived] = await Promise.all([client.send(big), server.receive(broken)]);
      t.is(bigReceived.status, SocketStatus.Done, 'a large packet');
      t.false(broken.isValid());
      // A packet already queued when the receive comes (non-blocking).
      await client.send(new Packet().writeString('queued'));
      server.setBlocking(false);
      let queued = SocketStatus.NotReady;
      for (let polls = 0; queued === SocketStatus.NotReady && polls < POLL_CAP; polls++) queued = (await server.receive(broken)).status;
      t.is(queued, SocketStatus.Done, 'a non-blocking receive');
      t.false(broken.isValid());
      server.setBlocking(true);
      // The stream is still framed: the next packet reads whole.
      await client.send(new Packet().writeString('after'));
      t.is((await server.receive(packet)).status, SocketStatus.Done);
      t.is(packet.readString(), 'after');
      // The end is reported, not thrown.
      client.disconnect();
      await expectBroken(server.receive(broken), SocketStatus.Disconnected, 'the receive that meets the end');
    });

    test(`${subject.name} on ${host}: UdpSocket datagrams arrive whole, with the sender's port`, async (t) => {
      const options = subject.make();
      const a = new UdpSocket(options);
      const b = new UdpSocket(options);
      t.teardown(async () => {
        await a.unbind();
        await b.unbind();
      });
      t.is((await a.bind(0, address)).status, SocketStatus.Done);
      t.is((await b.bind(0, address)).status, SocketStatus.Done);
      t.is((await a.send(new Packet().writeString('ping'), address, b.getLocalPort())).status, SocketStatus.Done);
      const packet = new Packet();
      const received = await b.receive(packet);
      t.is(received.status, SocketStatus.Done);
      t.is(received.port, a.getLocalPort());
      t.true(received.address?.equals(address));
      t.is(packet.readString(), 'ping');
    });
  }
}
