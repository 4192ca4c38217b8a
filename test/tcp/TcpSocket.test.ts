import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import type { StatusResult } from '../../src/core/SocketResult.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, connectedPair, listening } from '../helpers/loopback.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

const exchange = test.macro({
  exec: async (t, host: string) => {
  const { client, server, listener } = await connectedPair(t, host);
  t.is(String(client.getRemoteAddress()), host);
  t.is(client.getRemotePort(), listener.getLocalPort());
  t.is(server.getRemotePort(), client.getLocalPort());
  t.is(String(server.getLocalAddress()), host);
  t.is((await client.send(new Packet().writeString('hello'))).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'hello');
  t.deepEqual(await server.send(bytes(1, 2, 3)), { status: SocketStatus.Done, sent: 3 });
  const received = await client.receive(16);
  t.is(received.status, SocketStatus.Done);
  t.deepEqual([...received.data], [1, 2, 3]);
  },
  title: (_, host) => `connect, send and receive packets and bytes over ${host}`,
});
for (const host of HOSTS) test(exchange, host);

test('a raw receive takes at most maxBytes and leaves the rest queued', async (t) => {
  const { client, server } = await connectedPair(t);
  await client.send(bytes(1, 2, 3, 4, 5));
  let first = await server.receive(2);
  while (first.data.length === 0) first = await server.receive(2);
  t.deepEqual([...first.data], [1, 2]);
  const rest: number[] = [];
  while (rest.length < 3) rest.push(...(await server.receive(10)).data);
  t.deepEqual(rest, [3, 4, 5]);
});

test('the state of a socket before connecting, while connected and after closing follows java.net', async (t) => {
  const fresh = new TcpSocket();
  t.false(fresh.isConnected());
  t.false(fresh.isBound());
  t.false(fresh.isClosed());
  t.is(fresh.getRemoteAddress(), null);
  t.is(fresh.getLocalAddress(), null);
  t.is(fresh.getRemotePort(), 0);
  t.is(fresh.getLocalPort(), 0);
  const { client, listener } = await connectedPair(t);
  t.true(client.isConnected());
  t.true(client.isBound());
  t.false(client.isClosed());
  const local = client.getLocalPort();
  client.disconnect();
  t.true(client.isClosed());
  t.true(client.isConnected(), 'a closed socket that was connected still reports connected');
  t.true(client.isBound());
  t.true(client.getRemoteAddress()?.equals(IpAddress.LocalHost));
  t.is(client.getRemotePort(), listener.getLocalPort());
  t.is(client.getLocalPort(), local);
  client.disconnect();
  t.true(client.isClosed(), 'a second disconnect does nothing');
});

test('a disconnected socket can connect again, as in SFML', async (t) => {
  const listener = await listening(t);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  for (let round = 0; round < 3; round++) {
    const peer = new TcpSocket();
    t.teardown(() => peer.disconnect());
    const [connected] = await Promise.all([socket.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(peer)]);
    t.is(connected.status, SocketStatus.Done);
    t.false(socket.isClosed());
    await socket.send(new Packet().writeString(`round ${round}`));
    const packet = new Packet();
    t.is((await peer.receive(packet)).status, SocketStatus.Done);
    t.is(packet.readString(), `round ${round}`);
    socket.disconnect();
  }
});

test('connecting a connected socket disconnects it first', async (t) => {
  const listener = await listening(t);
  const socket = new TcpSocket();
  const first = new TcpSocket();
  const second = new TcpSocket();
  t.teardown(() => [socket, first, second].forEach((s) => s.disconnect()));
  await Promise.all([socket.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(first)]);
  await Promise.all([socket.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(second)]);
  t.is((await first.receive(new Packet())).status, SocketStatus.Disconnected);
  await socket.send(new Packet().writeString('to the second'));
  const packet = new Packet();
  t.is((await second.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'to the second');
});

test('connect by host name goes through the resolver', async (t) => {
  const listener = await listening(t);
  const asked: string[] = [];
  const socket = new TcpSocket({
    resolver: {
      lookup: async (name) => {
        asked.push(name);
        return ['127.0.0.1'];
      },
    },
  });
  const peer = new TcpSocket();
  t.teardown(() => [socket, peer].forEach((s) => s.disconnect()));
  const [connected] = await Promise.all([socket.connect('game.test', listener.getLocalPort()), listener.accept(peer)]);
  t.is(connected.status, SocketStatus.Done);
  t.deepEqual(asked, ['game.test']);
});

test('options are kept before connecting and applied to the connection', async (t) => {
  const socket = new TcpSocket();
  t.true(socket.getTcpNoDelay(), 'Nagle is off by default, as in SFML');
  t.false(socket.getKeepAlive());
  t.is(socket.getSoTimeout(), 0);
  t.is(socket.getMaxPacketSize(), 4 * 1024 * 1024);
  socket.setTcpNoDelay(false);
  socket.setKeepAlive(true);
  socket.setSoTimeout(250);
  socket.setMaxPacketSize(1024);
  const listener = await listening(t);
  const peer = new TcpSocket();
  t.teardown(() => [socket, peer].forEach((s) => s.disconnect()));
  await Promise.all([socket.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(peer)]);
  t.false(socket.getTcpNoDelay());
  t.true(socket.getKeepAlive());
  t.is(socket.getSoTimeout(), 250);
  t.is(socket.getMaxPacketSize(), 1024);
  socket.setTcpNoDelay(true);
  t.true(socket.getTcpNoDelay());
});

test("the context's packet limit holds from the first receive, and setMaxPacketSize before connecting replaces it", async (t) => {
  const options = { limits: { maxPacketSize: 8 } };
  const listener = await listening(t);
  /** A socket made by `make`, connected to the listener, that receives one 8-byte packet. */
  const receiveEight = async (make: () => TcpSocket): Promise<StatusResult> => {
    const receiver = make();
    const sender = new TcpSocket();
    t.teardown(() => [receiver, sender].forEach((s) => s.disconnect()));
    await Promise.all([receiver.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(sender)]);
    await sender.send(new Packet().writeUint32(1).writeUint32(2));
    return receiver.receive(new Packet());
  };
  t.is(new TcpSocket(options).getMaxPacketSize(), 8);
  t.is((await receiveEight(() => new TcpSocket(options))).status, SocketStatus.Done);
  const tighter = await receiveEight(() => {
    const socket = new TcpSocket(options);
    socket.setMaxPacketSize(4);
    return socket;
  });
  t.is(tighter.status, SocketStatus.Error);
  t.is(tighter.error?.kind, 'Protocol');
});

test('disposing a socket with `using` closes it', async (t) => {
  const { client, server } = await connectedPair(t);
  {
    using disposable = client;
    t.false(disposable.isClosed());
  }
  t.true(client.isClosed());
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
});
