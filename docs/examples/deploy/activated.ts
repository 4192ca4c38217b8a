/**
 * A worker started by systemd's socket activation behind HAProxy: it listens on the socket
 * systemd passed (or on `--port` without one), reads the PROXY header of each connection, and
 * prints `client <address> <port> via <proxy>` for each player, then closes it.
 *
 * Try it without installing units:
 * `systemd-socket-activate -l 127.0.0.1:7001 node dist/docs/examples/deploy/activated.js`.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { NodeStreamTransport, ProxyProtocolTransport, SocketStatus, SystemdSockets, TcpListener, TcpSocket } from '../../../src/index.js';

/**
 * Listens on the inherited socket (else on `fallbackPort`), behind the PROXY protocol from
 * `trusted`, and reports each player until the listener is closed.
 */
export async function serveActivated(trusted: readonly string[], fallbackPort: number, report: (line: string) => void): Promise<TcpListener> {
  // #region activated
  const streamTransport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: trusted, local: 'close' });
  const listener = new TcpListener({ streamTransport });
  const [inherited] = SystemdSockets.listeners(); // the socket of arena-worker@N.socket
  const result = inherited !== undefined ? await listener.listen(inherited) : await listener.listen(fallbackPort);
  if (result.status !== SocketStatus.Done) throw new Error(`cannot listen: ${result.error?.message}`);
  // #endregion activated
  report(`listening ${listener.getLocalPort()}`);
  void (async () => {
    for (;;) {
      const player = new TcpSocket();
      if ((await listener.accept(player)).status !== SocketStatus.Done) return;
      report(`client ${String(player.getRemoteAddress())} ${player.getRemotePort()} via ${player.getProxyInfo()?.proxyAddress ?? '?'}`);
      player.disconnect();
    }
  })();
  return listener;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveActivated(['127.0.0.1', '::1'], Number(process.argv[2] ?? 7001), (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
