/**
 * The client side of the load test, run in a child process (so that each process stays under
 * `ulimit -n`): opens `count` TcpSockets to the parent's listener in batches, exchanges one
 * packet on each, holds them all open until told to close, then closes them all.
 *
 * Protocol over the IPC channel: parent → `{ port, count, batch }`; child → `{ connected, echoed }`;
 * parent → `'close'`; child → `{ closed }` and exits.
 */
import { IpAddress } from '../../../src/address/IpAddress.js';
import { SocketStatus } from '../../../src/core/SocketStatus.js';
import { Packet } from '../../../src/packet/Packet.js';
import { TcpSocket } from '../../../src/tcp/TcpSocket.js';

interface Orders {
  readonly port: number;
  readonly count: number;
  readonly batch: number;
}

/** Connects one socket and exchanges packet `id`; gives the socket and whether the echo matched. */
async function open(port: number, id: number): Promise<{ socket: TcpSocket; connected: boolean; echoed: boolean }> {
  const socket = new TcpSocket();
  const connected = (await socket.connect(IpAddress.LocalHost, port, 10_000)).status === SocketStatus.Done;
  if (!connected) return { socket, connected, echoed: false };
  await socket.send(new Packet().writeUint32(id));
  const echo = new Packet();
  const echoed = (await socket.receive(echo)).status === SocketStatus.Done && echo.readUint32() === id;
  return { socket, connected, echoed };
}

async function run(orders: Orders): Promise<void> {
  const sockets: TcpSocket[] = [];
  let connected = 0;
  let echoed = 0;
  for (let from = 0; from < orders.count; from += orders.batch) {
    const ids = Array.from({ length: Math.min(orders.batch, orders.count - from) }, (_, i) => from + i);
    for (const outcome of await Promise.all(ids.map((id) => open(orders.port, id)))) {
      sockets.push(outcome.socket);
      if (outcome.connected) connected++;
      if (outcome.echoed) echoed++;
    }
  }
  process.send?.({ connected, echoed });
  process.once('message', () => {
    for (const socket of sockets) socket.disconnect();
    process.send?.({ closed: sockets.length }, () => process.exit(0));
  });
}

process.once('message', (orders: Orders) => void run(orders));
