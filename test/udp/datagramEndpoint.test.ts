/**
 * The two forms of a datagram endpoint's send: the Promise form every endpoint has, and the
 * optional callback form (`sendWithCallback`) that `UdpSocket` prefers, on `node:dgram` and on
 * a scripted endpoint.
 */
import 'reflect-metadata';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketError } from '../../src/core/SocketError.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { NodeDatagramTransport } from '../../src/platform/node/NodeDatagramTransport.js';
import type { DatagramEndpoint, DatagramHandler, DatagramSent, DatagramTransport } from '../../src/transport/DatagramTransport.js';
import { bytes, sleep, text, unboundSocket, within } from './udpFixtures.js';

/** A bound `node:dgram` endpoint on 127.0.0.1 whose datagrams go to `received`; closed at teardown. */
async function nodeEndpoint(t: ExecutionContext, received: string[] = []): Promise<DatagramEndpoint> {
  const handler: DatagramHandler = { message: (data) => received.push(text(data)), error: () => undefined };
  const endpoint = await new NodeDatagramTransport().bind({ host: '127.0.0.1', port: 0, family: 4 }, handler);
  t.teardown(() => endpoint.close());
  return endpoint;
}

/** The errors (`null` for success) a callback was answered with. */
function recorder(): { sent: DatagramSent; answers: Array<SocketError | null> } {
  const answers: Array<SocketError | null> = [];
  return { sent: (error) => answers.push(error), answers };
}

test('node:dgram: the callback form answers null once when the datagram is sent', async (t) => {
  const received: string[] = [];
  const receiver = await nodeEndpoint(t, received);
  const sender = await nodeEndpoint(t);
  const { sent, answers } = recorder();
  t.is(typeof sender.sendWithCallback, 'function');
  sender.sendWithCallback?.(bytes('one'), '127.0.0.1', receiver.localPort, sent);
  for (let i = 0; i < 200 && received.length === 0; i++) await sleep(5);
  await sleep(20);
  t.deepEqual(answers, [null]);
  t.deepEqual(received, ['one']);
});

test('node:dgram: closing answers a send in flight ECANCELED, once, and a send after close is refused', async (t) => {
  const receiver = await nodeEndpoint(t);
  const sender = await nodeEndpoint(t);
  const inFlight = recorder();
  sender.sendWithCallback?.(bytes('late'), '127.0.0.1', receiver.localPort, inFlight.sent);
  const closing = sender.close(); // before dgram's own callback, which comes on the next tick
  t.is(inFlight.answers.length, 1);
  t.is(inFlight.answers[0]?.code, 'ECANCELED');
  await closing;
  await sleep(20);
  t.is(inFlight.answers.length, 1, 'dgram calling back after the close does not answer again');
  const afterClose = recorder();
  sender.sendWithCallback?.(bytes('x'), '127.0.0.1', receiver.localPort, afterClose.sent);
  t.is(afterClose.answers.length, 1);
  t.is(afterClose.answers[0]?.code, 'ERR_SOCKET_DGRAM_NOT_RUNNING');
  await t.throwsAsync(sender.send(bytes('y'), '127.0.0.1', receiver.localPort), { instanceOf: SocketError });
});

test('node:dgram: the Promise form still resolves, and rejects with the system error', async (t) => {
  const received: string[] = [];
  const receiver = await nodeEndpoint(t, received);
  const sender = await nodeEndpoint(t);
  await sender.send(bytes('promised'), '127.0.0.1', receiver.localPort);
  for (let i = 0; i < 200 && received.length === 0; i++) await sleep(5);
  t.deepEqual(received, ['promised']);
  const refused = await t.throwsAsync(sender.send(bytes('all'), '127.255.255.255', receiver.localPort), { instanceOf: SocketError });
  t.is(refused?.code, 'EACCES'); // broadcast is off
});

/** A transport whose endpoint holds every callback-form send until the test answers it; its Promise form fails the test. */
function scriptedTransport(t: ExecutionContext): { transport: DatagramTransport; held: DatagramSent[] } {
  const held: DatagramSent[] = [];
  const endpoint: DatagramEndpoint = {
    localAddress: '127.0.0.1',
    localPort: 40000,
    send: () => {
      t.fail('UdpSocket used the Promise form although the endpoint has a callback form');
      return Promise.resolve();
    },
    sendWithCallback: (_data, _address, _port, sent) => {
      held.push(sent);
    },
    setBroadcast: () => undefined,
    close: async () => undefined,
  };
  return { transport: { bind: async () => endpoint }, held };
}

test('UdpSocket sends through the callback form: Done with the size, or the endpoint error', async (t) => {
  const { transport, held } = scriptedTransport(t);
  const socket = unboundSocket(t, { datagramTransport: transport });
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const first = socket.send(bytes('abc'), IpAddress.LocalHost, 9);
  const second = socket.send(bytes('de'), IpAddress.LocalHost, 9);
  t.is(held.length, 2);
  const refused = new SocketError('System', 'refused', { code: 'EMSGSIZE' });
  held[1]?.(refused);
  held[0]?.(null);
  const done = await within(first);
  t.is(done.status, SocketStatus.Done);
  t.is(done.sent, 3);
  const failed = await within(second);
  t.is(failed.status, SocketStatus.Error);
  t.is(failed.sent, 0);
  t.is(failed.error, refused);
});

test('UdpSocket: a callback-form send answered after an unbind settles Disconnected', async (t) => {
  const { transport, held } = scriptedTransport(t);
  const socket = unboundSocket(t, { datagramTransport: transport });
  t.is((await socket.bind(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const sending = socket.send(bytes('x'), IpAddress.LocalHost, 9);
  await socket.unbind();
  held[0]?.(new SocketError('System', 'send cancelled', { code: 'ECANCELED' }));
  t.deepEqual(await within(sending), { status: SocketStatus.Disconnected, sent: 0, error: undefined });
});
