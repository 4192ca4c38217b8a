import dgram from 'node:dgram';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { NodeDatagramTransport } from '../../src/platform/node/NodeDatagramTransport.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import type { BindOptions, DatagramEndpoint, DatagramHandler } from '../../src/transport/DatagramTransport.js';
import type { ConnectOptions, StreamConnection } from '../../src/transport/StreamTransport.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import { rawServer, sleep } from '../helpers/loopback.js';

/**
 * The unspecified address is routed by Linux to loopback: a connect or datagram aimed at 0.0.0.0
 * reaches 127.0.0.1 and one aimed at :: reaches ::1. A policy denying loopback must deny those too,
 * on every path, with nothing handed to a transport.
 */

/** Every spelling of "any" that reaches loopback, with the family it reaches. */
const SPELLINGS: ReadonlyArray<readonly [string, IpAddress | string, 4 | 6]> = [
  ["'0.0.0.0'", '0.0.0.0', 4],
  ['IpAddress.Any', IpAddress.Any, 4],
  ["'::ffff:0.0.0.0'", '::ffff:0.0.0.0', 4],
  ["'0' (resolved by the system)", '0', 4],
  ["'0x0' (resolved by the system)", '0x0', 4],
  ["'0.0' (resolved by the system)", '0.0', 4],
  ["'000.000.000.000' (resolved by the system)", '000.000.000.000', 4],
  ["'::'", '::', 6],
  ['IpAddress.AnyV6', IpAddress.AnyV6, 6],
  ["'::0.0.0.0'", '::0.0.0.0', 6],
  ["'0:0:0:0:0:0:0:0'", '0:0:0:0:0:0:0:0', 6],
];

const denyLoopback = (): PolicySecurityManager => new PolicySecurityManager({ connect: { deny: ['127.0.0.0/8', '::1'] } });

/** A node:net transport that counts the connections it was asked to open. */
class CountingStreams extends NodeStreamTransport {
  connects = 0;
  override connect(options: ConnectOptions): Promise<StreamConnection> {
    this.connects++;
    return super.connect(options);
  }
}

/** A node:dgram transport that counts the datagrams handed to it. */
class CountingDatagrams extends NodeDatagramTransport {
  sends = 0;
  override async bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
    const endpoint = await super.bind(options, handler);
    const count = (): void => void this.sends++;
    return new Proxy(endpoint, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if ((key === 'send' || key === 'sendWithCallback' || key === 'connect') && typeof value === 'function') {
          return (...args: unknown[]) => {
            count();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/** A raw UDP receiver on loopback of `family` that records what arrives. */
async function rawReceiver(t: ExecutionContext, family: 4 | 6): Promise<{ port: number; received: Buffer[] }> {
  const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
  const received: Buffer[] = [];
  socket.on('message', (message) => received.push(message));
  await new Promise<void>((resolve) => socket.bind(0, family === 4 ? '127.0.0.1' : '::1', resolve));
  t.teardown(() => socket.close());
  return { port: socket.address().port, received };
}

function assertDenied(t: ExecutionContext, result: { status: SocketStatus; error?: Error | undefined }, family: 4 | 6): void {
  t.is(result.status, SocketStatus.Error);
  t.true(result.error instanceof SecurityError, String(result.error));
  const error = result.error as SecurityError;
  t.is(error.check, 'connect');
  t.true(error.address?.equals(family === 4 ? IpAddress.LocalHost : IpAddress.LocalHostV6), `asked about ${String(error.address)}`);
}

for (const [name, target, family] of SPELLINGS) {
  for (const blocking of [true, false]) {
    test(`TCP ${blocking ? 'blocking' : 'non-blocking'} connect to ${name} is denied as loopback and opens nothing`, async (t) => {
      const server = await rawServer(t, family === 4 ? '127.0.0.1' : '::1');
      const streamTransport = new CountingStreams();
      const socket = new TcpSocket({ securityManager: denyLoopback(), streamTransport });
      t.teardown(() => socket.disconnect());
      socket.setBlocking(blocking);
      let result = await socket.connect(target, server.port, 2000);
      while (!blocking && result.status === SocketStatus.NotReady) {
        await sleep(5);
        result = await socket.connect(target, server.port, 2000);
      }
      assertDenied(t, result, family);
      await sleep(50);
      t.is(streamTransport.connects, 0, 'no connection was asked of the transport');
      t.is(server.sockets.length, 0, 'nothing reached the listener');
    });
  }

  test(`UDP send to ${name} is denied as loopback and sends nothing`, async (t) => {
    const receiver = await rawReceiver(t, family);
    const datagramTransport = new CountingDatagrams();
    const socket = new UdpSocket({ securityManager: denyLoopback(), datagramTransport });
    t.teardown(() => socket.unbind());
    assertDenied(t, await socket.send(Uint8Array.of(1, 2, 3), target, receiver.port), family);
    // Bound first, so the synchronous path (an address to a bound socket) is taken too.
    await socket.bind(0, family === 4 ? IpAddress.Any : IpAddress.AnyV6);
    assertDenied(t, await socket.send(Uint8Array.of(4, 5, 6), target, receiver.port), family);
    await sleep(50);
    t.is(datagramTransport.sends, 0, 'no datagram was handed to the transport');
    t.is(receiver.received.length, 0, 'nothing arrived on loopback');
  });

  test(`UDP connect to ${name} is denied as loopback and connects nothing`, async (t) => {
    const receiver = await rawReceiver(t, family);
    const datagramTransport = new CountingDatagrams();
    const socket = new UdpSocket({ securityManager: denyLoopback(), datagramTransport });
    t.teardown(() => socket.unbind());
    assertDenied(t, await socket.connect(target, receiver.port), family);
    t.false(socket.isConnected());
    t.is(datagramTransport.sends, 0);
  });
}

/** Records the addresses checkConnect is asked about and allows everything. */
class Recorder extends SecurityManager {
  readonly asked: string[] = [];
  override checkConnect(address: IpAddress, port: number): void {
    this.asked.push(`${address} ${port}`);
  }
}

test('allowed, a connect to 0.0.0.0 is asked about and made to 127.0.0.1, the address it reaches', async (t) => {
  const server = await rawServer(t, '127.0.0.1');
  const securityManager = new Recorder();
  const socket = new TcpSocket({ securityManager });
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('0.0.0.0', server.port)).status, SocketStatus.Done);
  t.deepEqual(securityManager.asked, [`127.0.0.1 ${server.port}`]);
  t.is(String(socket.getRemoteAddress()), '127.0.0.1');
});

test('allowed, a datagram to :: is asked about and sent to ::1, and a UDP connect to it names ::1', async (t) => {
  const receiver = await rawReceiver(t, 6);
  const securityManager = new Recorder();
  const socket = new UdpSocket({ securityManager });
  t.teardown(() => socket.unbind());
  t.is((await socket.send(Uint8Array.of(7), '::', receiver.port)).status, SocketStatus.Done);
  t.is((await socket.connect(IpAddress.AnyV6, receiver.port)).status, SocketStatus.Done);
  t.is(String(socket.getRemoteAddress()), '::1');
  for (let i = 0; i < 50 && receiver.received.length === 0; i++) await sleep(10);
  t.deepEqual(receiver.received.map((b) => [...b]), [[7]]);
  t.true(securityManager.asked.every((line) => line.startsWith('::1 ')));
});

test('a resolver answering 0.0.0.0 for a name does not slip past a loopback denial', async (t) => {
  const server = await rawServer(t, '127.0.0.1');
  const streamTransport = new CountingStreams();
  const socket = new TcpSocket({ securityManager: denyLoopback(), streamTransport, resolver: { lookup: async () => ['0.0.0.0'] } });
  t.teardown(() => socket.disconnect());
  assertDenied(t, await socket.connect('innocent.test', server.port), 4);
  t.is(streamTransport.connects, 0);
});

for (const target of ['0.1.2.3', '0.255.255.255']) {
  test(`the rest of 0.0.0.0/8 (${target}) is not a destination: Unreachable, nothing opened or sent`, async (t) => {
    const streamTransport = new CountingStreams();
    const datagramTransport = new CountingDatagrams();
    const tcp = new TcpSocket({ streamTransport });
    const udp = new UdpSocket({ datagramTransport });
    t.teardown(() => {
      tcp.disconnect();
      return udp.unbind();
    });
    const connected = await tcp.connect(target, 9);
    t.is(connected.status, SocketStatus.Error);
    t.is(connected.error?.kind, 'Unreachable');
    const sent = await udp.send(Uint8Array.of(1), target, 9);
    t.is(sent.status, SocketStatus.Error);
    t.is(sent.error?.kind, 'Unreachable');
    t.is(streamTransport.connects + datagramTransport.sends, 0);
  });
}
