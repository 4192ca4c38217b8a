/**
 * java.net's socket options on a TcpSocket (issue #23), each observed through its effect on a
 * real loopback connection: SO_LINGER (0 resets), shutdownInput, the receive buffer bound.
 */
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { UnixSocketAddress } from '../../src/address/UnixSocketAddress.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { connectedPair, rawServer, receiveText, sendText, sleep, text } from '../helpers/loopback.js';

test('SO_LINGER: -1 before connect; linger 0 makes the close a reset the peer sees, where a default close is a clean end', async (t) => {
  const { client, server } = await connectedPair(t);
  t.is(client.getSoLinger(), -1, 'off by default');
  client.setSoLinger(true, 0);
  t.is(client.getSoLinger(), 0);
  client.disconnect();
  const reset = await server.receive(new Packet());
  t.is(reset.status, SocketStatus.Error);
  t.is(reset.error?.kind, 'Reset');
  t.is(reset.error?.code, 'ECONNRESET');
  t.is(client.getSoLinger(), 0, 'kept after the close');

  const other = await connectedPair(t);
  other.client.disconnect();
  t.like(await other.server.receive(new Packet()), { status: SocketStatus.Disconnected, error: undefined });
});

/** Fills a client's output towards a raw peer that does not read, closes it (with linger 0 or not), then lets the peer read: bytes sent and received. */
async function closeWithQueuedOutput(t: ExecutionContext, lingerZero: boolean): Promise<{ sent: number; received: number; queued: number }> {
  const server = await rawServer(t);
  const client = new TcpSocket({ limits: { sendBufferSize: 64 * 1024 } });
  t.teardown(() => client.disconnect());
  t.is((await client.connect(IpAddress.LocalHost, server.port)).status, SocketStatus.Done);
  const raw = await server.next();
  raw.pause();
  client.setBlocking(false);
  let sent = 0;
  for (let i = 0; i < 1000; i++) {
    let result = await client.send(new Uint8Array(32 * 1024));
    for (; result.status === SocketStatus.Done; result = await client.send(new Uint8Array(32 * 1024))) sent += result.sent;
    sent += result.sent;
    await sleep(10);
    if (client.getQueuedBytes() > 0) break;
  }
  const queued = client.getQueuedBytes();
  if (lingerZero) client.setSoLinger(true, 0);
  client.disconnect();
  let received = 0;
  // The raw server allows half-open connections: the end shows as 'end' (or 'error'), not 'close'.
  const ended = new Promise<void>((resolve) => {
    raw.once('end', resolve);
    raw.once('error', () => resolve());
  });
  raw.on('data', (chunk: Buffer) => (received += chunk.length));
  raw.resume();
  await ended;
  return { sent, received, queued };
}

test('SO_LINGER 0 drops queued output at once (the peer never gets it); a default close delivers every byte sent', async (t) => {
  const graceful = await closeWithQueuedOutput(t, false);
  t.true(graceful.queued > 0, 'output was queued in the process at the close');
  t.is(graceful.received, graceful.sent, 'graceful: everything sent arrived');
  const reset = await closeWithQueuedOutput(t, true);
  t.true(reset.queued > 0);
  t.true(reset.received < reset.sent, `linger 0: ${reset.received} of ${reset.sent} bytes arrived`);
});

test('setSoLinger misuse throws; off ignores the time', (t) => {
  const socket = new TcpSocket();
  t.throws(() => socket.setSoLinger(true, -1), { instanceOf: RangeError });
  t.throws(() => socket.setSoLinger(true, 65536), { instanceOf: RangeError });
  t.throws(() => socket.setSoLinger('yes' as unknown as boolean, 1), { instanceOf: TypeError });
  socket.setSoLinger(true, 5);
  t.is(socket.getSoLinger(), 5);
  socket.setSoLinger(false, 99);
  t.is(socket.getSoLinger(), -1);
});

test('shutdownInput: receive reports Disconnected, queued and later data is discarded, output still works', async (t) => {
  const { client, server } = await connectedPair(t);
  t.false(server.isInputShutdown());
  await sendText(t, client, 'queued before');
  await sleep(50);
  server.shutdownInput();
  t.true(server.isInputShutdown());
  t.like(await server.receive(new Packet()), { status: SocketStatus.Disconnected });
  await sendText(t, client, 'sent after'); // the peer's sends still succeed
  await sleep(50);
  t.like(await server.receive(new Packet()), { status: SocketStatus.Disconnected });
  t.like(await server.receive(16), { status: SocketStatus.Disconnected });
  await sendText(t, server, 'output is open');
  t.is(await receiveText(t, client), 'output is open');
  server.shutdownInput(); // again: nothing
  t.throws(() => new TcpSocket().shutdownInput(), { instanceOf: TypeError });
});

test('shutdownInput ends a blocking receive already waiting', async (t) => {
  const { server } = await connectedPair(t);
  const waiting = server.receive(new Packet());
  await sleep(20);
  server.shutdownInput();
  t.like(await waiting, { status: SocketStatus.Disconnected });
});

test('setReceiveBufferSize sets the input bound of the next connection; the value is kept before connect and after close', async (t) => {
  const { listener } = await connectedPair(t);
  const small = new TcpSocket();
  t.teardown(() => small.disconnect());
  t.is(small.getReceiveBufferSize(), 256 * 1024, 'the limits until set');
  small.setReceiveBufferSize(4096);
  t.is(small.getReceiveBufferSize(), 4096);
  t.throws(() => small.setReceiveBufferSize(0), { instanceOf: RangeError });
  t.is((await small.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.Done);
  small.disconnect();
  t.is(small.getReceiveBufferSize(), 4096);
});

test('setReceiveBufferSize bounds what a connection reads ahead: a peer sending 2 MiB to a reader that waits fills a 4 KiB bound, not more', async (t) => {
  // The bytes queued in the socket, not yet taken, are what one large receive returns at once.
  const queuedAfterFlood = async (bound: number): Promise<number> => {
    const listener = new TcpListener();
    const reader = new TcpSocket();
    const writer = new TcpSocket();
    t.teardown(() => {
      reader.disconnect();
      writer.disconnect();
      listener.close();
    });
    reader.setReceiveBufferSize(bound);
    t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
    t.is((await reader.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.Done);
    t.is((await listener.accept(writer)).status, SocketStatus.Done);
    writer.setBlocking(false);
    await writer.send(new Uint8Array(2 * 1024 * 1024));
    await sleep(300); // the reader's process reads what its bound lets it, then pauses
    reader.setBlocking(false);
    const { data } = await reader.receive(16 * 1024 * 1024);
    return data.length;
  };
  const small = await queuedAfterFlood(4096);
  const large = await queuedAfterFlood(1024 * 1024);
  // Node reads at most 64 KiB a chunk: the small bound stops reading after the chunk that crossed it.
  t.true(small <= 4096 + 64 * 1024, `${small} bytes read ahead with a 4 KiB bound`);
  t.true(large > 256 * 1024, `${large} bytes read ahead with a 1 MiB bound`);
});

test('SO_LINGER 0 on a Unix domain socket (which has no RST) closes it without throwing; the peer sees the end', async (t) => {
  const path = UnixSocketAddress.abstract(`sfnet-linger-${process.pid}-${Date.now()}`);
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(path)).status, SocketStatus.Done);
  const client = new TcpSocket();
  const server = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
  });
  await Promise.all([client.connect(path), listener.accept(server)]);
  client.setSoLinger(true, 0);
  t.notThrows(() => client.disconnect());
  const end = await server.receive(new Packet());
  t.true(end.status === SocketStatus.Disconnected || end.status === SocketStatus.Error, `ended with ${end.status}`);
});
