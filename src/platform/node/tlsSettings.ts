import type { ConnectionOptions, TlsOptions } from 'node:tls';
import type { TlsClientOptions, TlsServerOptions } from '../../transport/TlsOptions.js';

/** How long a handshake may take when no time-out is given. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Buffers for node:tls from PEM text or bytes. */
function pems(value: string | Uint8Array | readonly (string | Uint8Array)[] | undefined): Array<string | Buffer> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as readonly (string | Uint8Array)[]) : [value as string | Uint8Array];
  return list.map((pem) => (typeof pem === 'string' ? pem : Buffer.from(pem)));
}

/**
 * node:tls client settings from our options: verification on unless `verifyPeer: false`;
 * `serverName` (when set) is sent as SNI and checked, otherwise node:tls checks the host connected to.
 *
 * @internal
 */
export function clientSettings(client: TlsClientOptions, serverName: string | undefined): ConnectionOptions {
  const settings: ConnectionOptions = {
    ca: pems(client.ca),
    cert: pems(client.cert),
    key: pems(client.key),
    passphrase: client.passphrase,
    ALPNProtocols: client.alpn === undefined ? undefined : [...client.alpn],
    minVersion: client.minVersion ?? 'TLSv1.2',
    rejectUnauthorized: client.verifyPeer !== false,
  };
  if (serverName !== undefined) settings.servername = serverName;
  return settings;
}

/**
 * node:tls server settings from our options: the chain and key, the client-certificate request,
 * versions, ALPN and the handshake time-out.
 *
 * @internal
 */
export function serverSettings(server: TlsServerOptions): TlsOptions {
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
    handshakeTimeout: server.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
  };
}
