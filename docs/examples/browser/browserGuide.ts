/**
 * Browser players: the snippets of `docs/guides/browser.md`, run by `test/docs/browser.test.ts`
 * (the client half with `ws`'s `WebSocket` standing in for the browser's; test/browser/ runs the
 * same client in headless Chromium).
 *
 * @module
 */
import { createServer } from 'node:http';
import { BrowserSocket, Packet as BrowserPacket, SocketStatus as Status } from '../../../src/browser/index.js';
import { IpAddress, NodeWebSocketTransport, Packet, PolicySecurityManager, SocketSelector, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

/**
 * A game server taking browser players and native clients in one selector; one browser client
 * says hello and gets an answer. Returns what the client read and the close it saw.
 */
export async function browserRoundTrip(): Promise<{ reply: string; end: string }> {
  // #region server
  const policy = new PolicySecurityManager({ origins: { allow: ['https://game.example'], allowNone: true } });
  const browsers = new TcpListener({ securityManager: policy, streamTransport: new NodeWebSocketTransport({ path: '/play' }) });
  const natives = new TcpListener({ securityManager: policy });
  await browsers.listen(0, IpAddress.LocalHost); // ws://127.0.0.1:<port>/play
  await natives.listen(0, IpAddress.LocalHost);
  const selector = new SocketSelector();
  selector.add(browsers);
  selector.add(natives);
  // #endregion server
  const serving = (async () => {
    await selector.wait(5000);
    // #region accept
    const player = new TcpSocket();
    if (selector.isReady(browsers) && (await browsers.accept(player)).status === SocketStatus.Done) {
      const hello = new Packet();
      if ((await player.receive(hello)).status === SocketStatus.Done) {
        await player.send(new Packet().writeString(`welcome, ${hello.readString()}`));
      }
      player.disconnect();
    }
    // #endregion accept
  })();
  const url = `ws://127.0.0.1:${browsers.getLocalPort()}/play`;
  // #region client
  const socket = new BrowserSocket();
  if ((await socket.connect(url, 5000)).status !== Status.Done) throw new Error('no server');
  await socket.send(new BrowserPacket().writeString('browser'));
  const reply = new BrowserPacket();
  await socket.receive(reply); // Done
  socket.setBlocking(false); // from now on: poll once a frame
  const end = await socket.receive(new BrowserPacket()); // NotReady, then Disconnected once the server closed
  // #endregion client
  await serving;
  let last = end;
  for (let i = 0; i < 100 && last.status === Status.NotReady; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = await socket.receive(new BrowserPacket());
  }
  browsers.close();
  natives.close();
  return { reply: reply.readString(), end: last.status };
}

/** Browser players on the application's own HTTP server (its pages and the game on one port). */
export async function ownServer(): Promise<number> {
  // #region own-server
  const web = createServer((request, response) => response.end('<!doctype html><title>game</title>'));
  const listener = new TcpListener({ streamTransport: new NodeWebSocketTransport({ server: web, path: '/play' }) });
  await listener.listen(0, IpAddress.LocalHost); // listens on `web` (already listening: its port is kept)
  // #endregion own-server
  const port = listener.getLocalPort();
  listener.close();
  return port;
}

/** The limits a listener of browser players gives `ws`. */
export function limitedListener(): TcpListener {
  // #region limits
  const listener = new TcpListener({
    streamTransport: new NodeWebSocketTransport(),
    limits: { maxPacketSize: 64 * 1024, maxMessageFragments: 64, maxMessageChunks: 1024, sendBufferSize: 256 * 1024 },
  });
  // #endregion limits
  return listener;
}
