import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SocketError } from '../../core/SocketError.js';
import type { TlsUpgrade } from '../../transport/TlsOptions.js';
import type { LocalEnd } from './NodeStreamConnection.js';
import { tlsModule } from './lazyBuiltins.js';
import { NodeTlsConnection } from './NodeTlsConnection.js';
import { toSocketError } from './systemErrors.js';
import { HANDSHAKE_TIMEOUT_MS, clientSettings, serverSettings } from './tlsSettings.js';

/**
 * Starts TLS on a connected `net.Socket` that nothing else listens to any more, and resolves with
 * the encrypted connection once the handshake completed (and the peer was verified as asked).
 *
 * @remarks
 * `head` (bytes read before and not yet used) is put back at the front of the socket's stream;
 * node:tls feeds what the socket has buffered to the handshake before reading on. The server side
 * hands the socket to a `tls.Server` that is not listening, so node:tls itself applies the
 * client-certificate request and the handshake time-out as for a listening TLS server. On
 * failure the socket is destroyed and the promise rejects with a `SocketError` whose kind says why.
 *
 * @internal
 */
export function upgradeToTls(socket: Socket, upgrade: TlsUpgrade, head: Uint8Array, local: LocalEnd): Promise<NodeTlsConnection> {
  const where = `TLS ${upgrade.role} handshake with ${socket.remoteAddress ?? 'the peer'}`;
  const timeoutMs = upgrade.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let tls: TLSSocket | undefined;
    const fail = (cause: unknown): void => {
      clearTimeout(timer);
      tls?.destroy();
      socket.destroy();
      reject(toSocketError(cause, where));
    };
    const timer = setTimeout(() => fail(new SocketError('Timeout', `${where}: not finished within ${timeoutMs} ms`, { code: 'ETIMEDOUT' })), timeoutMs);
    const secured = (secure: TLSSocket): void => {
      clearTimeout(timer);
      socket.removeListener('close', closed);
      secure.removeListener('error', fail);
      secure.removeListener('close', closed);
      // Half-close is kept once encrypted, as for every connection of the SDK.
      secure.allowHalfOpen = true;
      resolve(new NodeTlsConnection(secure, local));
    };
    const closed = (): void => fail(new SocketError('TlsProtocol', `${where}: the connection closed before the handshake ended`, { code: 'ECONNRESET' }));
    if (socket.destroyed || socket.readableEnded) {
      closed();
      return;
    }
    socket.once('close', closed);
    socket.pause();
    // During the handshake a peer's FIN ends it: the TLS socket made over this one takes its
    // allowHalfOpen, and with it a half-closed handshake would wait for the time-out.
    socket.allowHalfOpen = false;
    if (head.length > 0) socket.unshift(Buffer.from(head.buffer, head.byteOffset, head.length));
    try {
      if (upgrade.role === 'client') {
        const client: TLSSocket = tlsModule().connect({ ...clientSettings(upgrade.options, upgrade.options.serverName), socket });
        tls = client;
        client.once('error', fail);
        client.once('close', closed);
        client.once('secureConnect', () => secured(client));
      } else {
        const server = tlsModule().createServer({ ...serverSettings(upgrade.options), handshakeTimeout: timeoutMs });
        server.once('secureConnection', (secure: TLSSocket) => {
          secure.once('error', fail);
          secured(secure);
        });
        server.once('tlsClientError', fail);
        server.emit('connection', socket);
      }
    } catch (cause) {
      fail(cause);
    }
  });
}
