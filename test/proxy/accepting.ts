import type { ExecutionContext } from 'ava';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import type { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { sleep } from '../helpers/loopback.js';

/** The next accepted socket, or `null` when none arrives within `ms` (non-blocking accepts: no waiter is left behind). */
export async function acceptWithin(t: ExecutionContext, listener: TcpListener, ms: number): Promise<TcpSocket | null> {
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  listener.setBlocking(false);
  const deadline = Date.now() + ms;
  do {
    if ((await listener.accept(socket)).status === SocketStatus.Done) return socket;
    await sleep(5);
  } while (Date.now() < deadline);
  return null;
}
