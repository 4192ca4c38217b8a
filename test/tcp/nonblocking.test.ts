import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, acceptRaw, connectedPair, listening, sleep } from '../helpers/loopback.js';

const SMALL_OUTPUT = { limits: { sendBufferSize: 64 * 1024 } };

const empty = test.macro({
  exec: async (t, host: string) => {
  const { server } = await connectedPair(t, host);
  server.setBlocking(false);
  t.false(server.isBlocking());
  t.is((await server.receive(new Packet())).status, SocketStatus.NotReady);
  const raw = await server.receive(100);
  t.is(raw.status, SocketStatus.NotReady);
  t.is(raw.data.length, 0);
  },
  title: (_, host) => `non-blocking receive answers NotReady at once when nothing is queued over ${host}`,
});
for (const host of HOSTS) test(empty, host);

test('a non-blocking poll loop receives what arrives', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setBlocking(false);
  const sent = ['a', 'b', 'c'];
  for (const value of sent) await client.send(new Packet().writeString(value));
  const got: string[] = [];
  for (let tick = 0; tick < 200 && got.length < sent.length; tick++) {
    const packet = new Packet();
    if ((await server.receive(packet)).status === SocketStatus.Done) got.push(packet.readString());
    else await sleep(5);
  }
  t.deepEqual(got, sent);
});

test('a non-blocking packet send to a peer that does not read returns Partial, and sending it again completes it', async (t) => {
  const { client: sender, server: receiver } = await connectedPair(t, '127.0.0.1', SMALL_OUTPUT);
  sender.setBlocking(false);
  const payload = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251);
  const packet = new Packet().append(payload);
  let result = await sender.send(packet);
  t.is(result.status, SocketStatus.Partial);
  t.true(result.sent > 0 && result.sent < payload.length + 4);
  await t.throwsAsync(async () => sender.send(new Packet().writeString('other')), { instanceOf: TypeError, message: /partially sent/ });
  const received = new Packet();
  const reading = receiver.receive(received);
  let total = result.sent;
  for (let tick = 0; tick < 5000 && result.status !== SocketStatus.Done; tick++) {
    await sleep(1);
    result = await sender.send(packet);
    t.not(result.status, SocketStatus.Error);
    total += result.sent;
  }
  t.is(result.status, SocketStatus.Done);
  t.is(total, payload.length + 4, 'every byte of the frame was sent exactly once');
  t.is((await reading).status, SocketStatus.Done);
  t.deepEqual(received.getData(), payload);
});

test('a packet\'s onSend runs once per send call: a Partial first call frames what it made, and the calls that continue it do not run it again', async (t) => {
  class Counted extends Packet {
    sends = 0;
    protected override onSend(data: Uint8Array): Uint8Array {
      this.sends++;
      return data;
    }
  }
  const { client: sender, server: receiver } = await connectedPair(t, '127.0.0.1', SMALL_OUTPUT);
  sender.setBlocking(false);
  const packet = new Counted().append(new Uint8Array(1024 * 1024).fill(3));
  let result = await sender.send(packet);
  t.is(result.status, SocketStatus.Partial);
  t.is(packet.sends, 1, 'the first call ran onSend once');
  const reading = receiver.receive(new Packet());
  for (let tick = 0; tick < 5000 && result.status !== SocketStatus.Done; tick++) {
    await sleep(1);
    result = await sender.send(packet);
  }
  t.is(result.status, SocketStatus.Done);
  t.is(packet.sends, 1, 'continuing the partial send reuses its frame');
  t.is((await reading).status, SocketStatus.Done);
});

test('a non-blocking send with the output full returns NotReady and sends nothing', async (t) => {
  const { client: sender, server: reader } = await connectedPair(t, '127.0.0.1', SMALL_OUTPUT);
  sender.setBlocking(false);
  const chunk = new Uint8Array(64 * 1024);
  let status: SocketStatus = SocketStatus.Done;
  let sent = 0;
  for (let i = 0; i < 2000 && status !== SocketStatus.NotReady; i++) {
    const result = await sender.send(chunk);
    status = result.status;
    sent += result.sent;
  }
  t.is(status, SocketStatus.NotReady);
  const drained: number[] = [];
  reader.setBlocking(false);
  for (let i = 0; i < 10_000 && drained.reduce((a, b) => a + b, 0) < sent; i++) {
    const got = await reader.receive(1 << 20);
    if (got.data.length > 0) drained.push(got.data.length);
    else await sleep(1);
  }
  t.is(drained.reduce((a, b) => a + b, 0), sent, 'the peer got exactly what was reported sent');
});

test('a blocking send waits while the peer does not read, then completes', async (t) => {
  const { client: sender, server: peer } = await connectedPair(t, '127.0.0.1', SMALL_OUTPUT);
  const size = 16 * 1024 * 1024;
  let settled = false;
  const sending = sender.send(new Uint8Array(size)).then((result) => {
    settled = true;
    return result;
  });
  await sleep(200);
  t.false(settled, 'the send waits for room while nobody reads');
  let received = 0;
  while (received < size) received += (await peer.receive(1 << 20)).data.length;
  t.deepEqual(await sending, { status: SocketStatus.Done, sent: size });
  t.is(received, size);
});

test('a non-blocking connect answers NotReady, then Done on a later call', async (t) => {
  const listener = await listening(t);
  const socket = new TcpSocket();
  const peer = new TcpSocket();
  t.teardown(() => [socket, peer].forEach((s) => s.disconnect()));
  socket.setBlocking(false);
  const accepting = listener.accept(peer);
  t.is((await socket.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.NotReady);
  t.is((await socket.receive(new Packet())).status, SocketStatus.NotReady, 'I/O while connecting is NotReady');
  let status: SocketStatus = SocketStatus.NotReady;
  for (let tick = 0; tick < 500 && status === SocketStatus.NotReady; tick++) {
    await sleep(2);
    status = (await socket.connect(IpAddress.LocalHost, listener.getLocalPort())).status;
  }
  t.is(status, SocketStatus.Done);
  t.true(socket.isConnected());
  t.is((await accepting).status, SocketStatus.Done);
});

test('a non-blocking connect that fails reports the Error on a later call', async (t) => {
  const listener = await listening(t);
  const port = listener.getLocalPort();
  await listener.close();
  const socket = new TcpSocket();
  socket.setBlocking(false);
  t.is((await socket.connect(IpAddress.LocalHost, port)).status, SocketStatus.NotReady);
  let result = await socket.connect(IpAddress.LocalHost, port);
  for (let tick = 0; tick < 500 && result.status === SocketStatus.NotReady; tick++) {
    await sleep(2);
    result = await socket.connect(IpAddress.LocalHost, port);
  }
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.code, 'ECONNREFUSED');
});

test('blocking receives waiting together are served in call order', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  const first = new Packet();
  const second = new Packet();
  const a = server.receive(first);
  const b = server.receive(second);
  const c = server.receive(3);
  raw.write(Buffer.concat([Buffer.from([0, 0, 0, 1, 65, 0, 0, 0, 1]), Buffer.from([66, 1, 2, 3])]));
  t.is((await a).status, SocketStatus.Done);
  t.is((await b).status, SocketStatus.Done);
  t.deepEqual([...first.getData()], [65]);
  t.deepEqual([...second.getData()], [66]);
  t.deepEqual([...(await c).data], [1, 2, 3]);
});
