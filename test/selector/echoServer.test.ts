import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import type { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, listening, text } from '../helpers/loopback.js';

const CLIENTS = 20;
const GUARD_MS = 10_000;

/** Receives one packet from a ready client and sends it straight back; 1 when echoed. */
async function echoOnce(client: TcpSocket, selector: SocketSelector): Promise<number> {
  const packet = new Packet();
  const { status } = await client.receive(packet);
  if (status === SocketStatus.Done) return (await client.send(packet)).status === SocketStatus.Done ? 1 : 0;
  if (status === SocketStatus.Disconnected || status === SocketStatus.Error) selector.remove(client);
  return 0;
}

/** SFML's selector loop: one listener and its clients in one selector; returns how many packets were echoed. */
async function serve(t: ExecutionContext, listener: TcpListener, expected: number): Promise<number> {
  const selector = new SocketSelector();
  const clients: TcpSocket[] = [];
  t.teardown(() => {
    selector.clear();
    for (const client of clients) client.disconnect();
  });
  selector.add(listener);
  let echoed = 0;
  const deadline = performance.now() + GUARD_MS;
  for (let round = 0; echoed < expected && round < 100 * expected && performance.now() < deadline; round++) {
    if (!(await selector.wait(1000))) continue;
    if (selector.isReady(listener)) {
      const client = new TcpSocket();
      clients.push(client);
      if ((await listener.accept(client)).status === SocketStatus.Done) selector.add(client);
    }
    for (const client of clients) {
      if (selector.isReady(client)) echoed += await echoOnce(client, selector);
    }
  }
  return echoed;
}

/** One client: connect, send its greeting, return what comes back. */
async function greet(t: ExecutionContext, host: string, port: number, index: number): Promise<string> {
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  socket.setSoTimeout(GUARD_MS);
  if ((await socket.connect(IpAddress.parse(host), port)).status !== SocketStatus.Done) return 'no connection';
  if ((await socket.send(text(`hello from ${index}`))).status !== SocketStatus.Done) return 'not sent';
  const reply = new Packet();
  return (await socket.receive(reply)).status === SocketStatus.Done ? reply.readString() : 'no reply';
}

const echoesEveryClient = test.macro({
  async exec(t, host: string) {
    const listener = await listening(t, host);
    const indexes = Array.from({ length: CLIENTS }, (_, index) => index);
    const [echoed, ...replies] = await Promise.all([
      serve(t, listener, CLIENTS),
      ...indexes.map((index) => greet(t, host, listener.getLocalPort(), index)),
    ]);
    t.is(echoed, CLIENTS);
    t.deepEqual(replies, indexes.map((index) => `hello from ${index}`));
  },
  title: (_, host: string) => `an SFML-style server on ${host} echoes a packet to each of ${CLIENTS} clients from one selector`,
});

for (const host of HOSTS) test(echoesEveryClient, host);
