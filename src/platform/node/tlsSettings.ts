import type { ConnectionOptions, TlsOptions } from 'node:tls';
import type { TlsClientOptions, TlsServerOptions } from '../../transport/TlsOptions.js';

/**
 * The SDK's TLS options as `node:tls` settings, shared by the TLS transport and the WebSocket
 * transport's `wss://` (whose HTTPS server and client take the same settings).
 *
 * @internal
 * @module
 */

/** Buffers for node:tls from PEM text or bytes. */
export function pems(value: string | Uint8Array | readonly (string | Uint8Array)[] | undefined): Array<string | Buffer> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as readonly (string | Uint8Array)[]) : [value as string | Uint8Array];
  return list.map((pem) => (typeof pem === 'string' ? pem : Buffer.from(pem)));
}

/** A TLS server's settings: certificate, key, client certificates, ALPN, versions, handshake time. */
export function serverTlsSettings(server: TlsServerOptions): TlsOptions {
  const mode = server.clientCertificate ?? 'none';
  return {
    cert: pems(server.certChain),
    key: pems(server.key),
    passphrase: server.passphrase,
    ca: pems(server.ca),
    requestCert: mode !== 'none',
    rejectUnauthorized: mode === 'require',
    ALPNProtocols: server.alpn === undefined ? undefined : [...server.alpn],
    minVersion: server.minVersion ?? 'TLSv1.2',
    maxVersion: server.maxVersion ?? 'TLSv1.3',
    handshakeTimeout: server.handshakeTimeoutMs ?? 10_000,
  };
}

/** A TLS client's settings (verification on unless `verifyPeer: false`), with SNI `serverName` when given. */
export function clientTlsSettings(client: TlsClientOptions, serverName: string | undefined): ConnectionOptions {
  const settings: ConnectionOptions = {
    ca: pems(client.ca),
    cert: pems(client.cert),
    key: pems(client.key),
    passphrase: client.passphrase,
    ALPNProtocols: client.alpn === undefined ? undefined : [...client.alpn],
    minVersion: client.minVersion ?? 'TLSv1.2',
    rejectUnauthorized: client.verifyPeer !== false,
  };
  // SNI and the name checked: the name asked for; an address is checked against the certificate's IP entries.
  if (serverName !== undefined) settings.servername = serverName;
  return settings;
}
