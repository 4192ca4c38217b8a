/**
 * java.net's DatagramSocket options on a UdpSocket (issue #23), each observed through its effect:
 * reuse address, receive timeout, and the system's buffer sizes.
 */
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { ManualClock } from '../helpers/manualClock.js';

function udp(t: ExecutionContext, clock?: ManualClock): UdpSocket {
  const socket = new UdpSocket(clock === undefined ? undefined : { clock });
  t.teardown(() => socket.close());
  return socket;
}

test('setReuseAddress(true) on both lets two sockets bind the same port; without it the second is refused', async (t) => {
  const first = udp(t);
  const second = udp(t);
  t.false(first.getReuseAddress());
  first.setReuseAddress(true);
  second.setReuseAddress(true);
  t.is((await first.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const port = first.getLocalPort();
  t.is((await second.bind(port, IpAddress.LocalHost)).status, SocketStatus.Done, 'both hold the port');
  t.is(second.getLocalPort(), port);

  const plain = udp(t);
  const refused = await plain.bind(port, IpAddress.LocalHost);
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.error?.kind, 'AddressInUse');
  first.close();
  t.true(first.getReuseAddress(), 'kept after a close');
});

test('setSoTimeout: a blocking receive settles NotReady with a Timeout error after about the time-out, and the socket stays usable', async (t) => {
  const socket = udp(t);
  t.is(socket.getSoTimeout(), 0);
  socket.setSoTimeout(150);
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const packet = new Packet().writeUint8(7);
  const started = performance.now();
  const result = await socket.receive(packet);
  const elapsed = performance.now() - started;
  t.is(result.status, SocketStatus.NotReady);
  t.is(result.error?.kind, 'Timeout');
  t.true(elapsed >= 140 && elapsed < 1500, `${Math.round(elapsed)} ms`);
  t.is(packet.getDataSize(), 1, 'the packet is left as it was');

  const sender = udp(t);
  const waiting = socket.receive(64);
  t.is((await sender.send(Uint8Array.of(1, 2, 3), IpAddress.LocalHost, socket.getLocalPort())).status, SocketStatus.Done);
  const got = await waiting;
  t.is(got.status, SocketStatus.Done);
  t.deepEqual([...got.data], [1, 2, 3]);
  t.throws(() => socket.setSoTimeout(-1), { instanceOf: RangeError });
});

test('setSoTimeout: a timed wait answered by a datagram or an unbind drops its timer, so the next wait (the same object, begun again) runs its own full time', async (t) => {
  const clock = new ManualClock();
  const socket = udp(t, clock);
  socket.setSoTimeout(100);
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const sender = udp(t);
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  /** Begins a wait at the clock's time now; after 50 ms (when the last wait's timer would fire) it is still waiting, and it times out at 100. */
  const waitsItsOwnTime = async (what: string): Promise<void> => {
    let settled = false;
    const waiting = socket.receive(64).finally(() => (settled = true));
    clock.advance(50);
    await turn();
    t.false(settled, `${what}: the last wait's timer did not end this one`);
    clock.advance(50);
    const result = await waiting;
    t.is(result.status, SocketStatus.NotReady);
    t.is(result.error?.kind, 'Timeout');
    t.is(result.error?.message, 'receive: no datagram within 100 ms');
  };
  const first = socket.receive(64);
  clock.advance(50);
  t.is((await sender.send(Uint8Array.of(1), IpAddress.LocalHost, socket.getLocalPort())).status, SocketStatus.Done);
  t.deepEqual([...(await first).data], [1]);
  await waitsItsOwnTime('after a datagram');
  // An unbind ends a timed wait; its timer must not end the wait that follows the next bind.
  const third = socket.receive(64);
  clock.advance(50);
  await socket.unbind();
  t.is((await third).status, SocketStatus.Disconnected);
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  await waitsItsOwnTime('after an unbind');
});

test('setReceiveBufferSize / setSendBufferSize reach the system: the getters read back what it granted', async (t) => {
  const socket = udp(t);
  t.is(socket.getReceiveBufferSize(), 0, 'unbound and never set: 0');
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const defaultReceive = socket.getReceiveBufferSize();
  const defaultSend = socket.getSendBufferSize();
  t.true(defaultReceive > 0 && defaultSend > 0);
  socket.setReceiveBufferSize(40_000);
  socket.setSendBufferSize(30_000);
  t.not(socket.getReceiveBufferSize(), defaultReceive);
  t.true(socket.getReceiveBufferSize() >= 40_000, `granted ${socket.getReceiveBufferSize()}`);
  t.not(socket.getSendBufferSize(), defaultSend);
  t.true(socket.getSendBufferSize() >= 30_000, `granted ${socket.getSendBufferSize()}`);

  const early = udp(t);
  early.setReceiveBufferSize(50_000);
  t.is(early.getReceiveBufferSize(), 50_000, 'unbound: the size the next bind asks for');
  t.is((await early.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  t.true(early.getReceiveBufferSize() >= 50_000 && early.getReceiveBufferSize() !== defaultReceive, 'applied at bind');
  t.throws(() => early.setSendBufferSize(0), { instanceOf: RangeError });
});
