/**
 * A chat server in SFML's style: one `TcpListener` and every client in one `SocketSelector`,
 * one loop that waits, accepts and relays. It starts on a free port of 127.0.0.1, connects three
 * demo clients itself, prints what it relays and exits once they have left.
 *
 * Run it with `npm run build && node dist/docs/examples/selector-server.js`.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { IpAddress, Packet, SocketSelector, SocketStatus, TcpListener, TcpSocket } from '../../src/index.js';

/** The demo clients' names; each says one line. */
export const DEMO_CLIENTS: readonly string[] = ['Ada', 'Grace', 'Linus'];

/** The line a demo client says. */
export const greeting = (name: string): string => `${name}: hello, I am ${name}`;

/** How long the demo may run before it gives up, in milliseconds. */
const GUARD_MS = 5000;

/** Sends a line to every client; a client that has gone is dealt with when its disconnection is read. */
async function broadcast(clients: Iterable<TcpSocket>, line: string): Promise<void> {
  const packet = new Packet().writeString(line);
  await Promise.all([...clients].map((client) => client.send(packet)));
}

/** Accepts the pending client and starts watching it. */
async function welcome(listener: TcpListener, selector: SocketSelector, clients: Set<TcpSocket>, log: (line: string) => void): Promise<void> {
  const client = new TcpSocket();
  if ((await listener.accept(client)).status !== SocketStatus.Done) return;
  clients.add(client);
  selector.add(client);
  log(`server: client joined from ${String(client.getRemoteAddress())}:${client.getRemotePort()}`);
}

/**
 * The server loop: wait, accept, receive, relay, until `expected` clients have come and gone.
 *
 * @param listener - a listening listener.
 * @param expected - how many clients to serve before stopping.
 * @param log - where to print.
 * @returns every line relayed, in order.
 */
export async function serve(listener: TcpListener, expected: number, log: (line: string) => void): Promise<string[]> {
  const selector = new SocketSelector();
  const clients = new Set<TcpSocket>();
  const relayed: string[] = [];
  selector.add(listener);
  let left = 0;
  const deadline = performance.now() + GUARD_MS;
  while (left < expected && performance.now() < deadline) {
    if (!(await selector.wait(250))) continue;
    if (selector.isReady(listener)) await welcome(listener, selector, clients, log);
    for (const client of [...clients]) {
      if (!selector.isReady(client)) continue;
      const packet = new Packet();
      const { status } = await client.receive(packet);
      if (status === SocketStatus.Done) {
        const line = packet.readString();
        relayed.push(line);
        log(`server: relaying "${line}" to ${clients.size} clients`);
        await broadcast(clients, line);
      } else if (status === SocketStatus.Disconnected || status === SocketStatus.Error) {
        selector.remove(client);
        clients.delete(client);
        client.disconnect();
        left++;
        log(`server: a client left (${left}/${expected})`);
      }
    }
  }
  for (const client of clients) client.disconnect();
  selector.clear();
  return relayed;
}

/**
 * A demo client: connects, says its line, prints what it hears until its own line comes back.
 *
 * @param name - the client's name.
 * @param port - the server's port on 127.0.0.1.
 * @param log - where to print.
 */
export async function chat(name: string, port: number, log: (line: string) => void): Promise<void> {
  const socket = new TcpSocket();
  socket.setSoTimeout(GUARD_MS);
  try {
    if ((await socket.connect(IpAddress.LocalHost, port)).status !== SocketStatus.Done) return;
    await socket.send(new Packet().writeString(greeting(name)));
    for (let heard = 0; heard < DEMO_CLIENTS.length; heard++) {
      const packet = new Packet();
      if ((await socket.receive(packet)).status !== SocketStatus.Done) return;
      const line = packet.readString();
      log(`${name} heard "${line}"`);
      if (line === greeting(name)) return;
    }
  } finally {
    socket.disconnect();
  }
}

/**
 * Runs the demo: a server on a free port of 127.0.0.1 and the demo clients, until they have left.
 *
 * @param log - where to print; `console.log` by default.
 * @returns every line the server relayed.
 * @example
 * ```ts
 * const relayed = await main(() => {});
 * ```
 */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const listener = new TcpListener();
  try {
    if ((await listener.listen(0, IpAddress.LocalHost)).status !== SocketStatus.Done) throw new Error('cannot listen on 127.0.0.1');
    const port = listener.getLocalPort();
    log(`server: listening on 127.0.0.1:${port}`);
    const [relayed] = await Promise.all([serve(listener, DEMO_CLIENTS.length, log), ...DEMO_CLIENTS.map((name) => chat(name, port, log))]);
    log(`server: relayed ${relayed.length} lines, done`);
    return relayed;
  } finally {
    await listener.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
