/**
 * The selector server of SFML's network tutorial, in TypeScript: one listener and its clients
 * in one `SocketSelector`, one loop that accepts and receives. `docs/examples/selector-server.ts`
 * is the complete chat demo; this file is the tutorial's shape, line for line.
 *
 * @module
 */
import { Packet, SocketSelector, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

/**
 * Serves clients of a listening `listener` until `messages` packets have arrived (or 50 idle
 * waits of 100 ms have passed), then disconnects everyone.
 *
 * @param listener - a listener that is listening.
 * @param messages - how many packets to receive before stopping.
 * @returns the first string of each packet, in arrival order.
 */
export async function serveWithSelector(listener: TcpListener, messages: number): Promise<string[]> {
  const received: string[] = [];
  let idleWaits = 0;
  const running = (): boolean => received.length < messages && idleWaits < 50;
  // #region selector-loop
  const clients: TcpSocket[] = [];
  const selector = new SocketSelector();
  selector.add(listener);
  while (running()) {
    if (await selector.wait(100)) {
      if (selector.isReady(listener)) {
        const client = new TcpSocket();
        if ((await listener.accept(client)).status === SocketStatus.Done) {
          clients.push(client);
          selector.add(client);
        }
      } else {
        for (const client of clients) {
          if (!selector.isReady(client)) continue;
          const packet = new Packet();
          const { status } = await client.receive(packet);
          if (status === SocketStatus.Done) received.push(packet.readString());
          else if (status === SocketStatus.Disconnected) selector.remove(client);
        }
      }
    } else {
      idleWaits++; // SFML: selector.wait(sf::milliseconds(100)) returned false
    }
  }
  // #endregion selector-loop
  selector.clear();
  for (const client of clients) client.disconnect();
  return received;
}
