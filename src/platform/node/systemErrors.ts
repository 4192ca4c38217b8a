import { SocketError, type SocketErrorKind } from '../../core/SocketError.js';

/**
 * The one table from system error codes to what the SDK reports, after SFML's
 * `SocketImpl::getErrorStatus`. Codes not listed are `System` errors.
 *
 * @internal
 * @module
 */
const KINDS: Readonly<Record<string, SocketErrorKind>> = {
  ECONNREFUSED: 'Refused',
  ECONNRESET: 'Reset',
  ECONNABORTED: 'Reset',
  EPIPE: 'Reset',
  ENOTCONN: 'Reset',
  ENETRESET: 'Reset',
  ERR_STREAM_WRITE_AFTER_END: 'Reset',
  ERR_STREAM_DESTROYED: 'Reset',
  ETIMEDOUT: 'Timeout',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'Timeout',
  EHOSTUNREACH: 'Unreachable',
  ENETUNREACH: 'Unreachable',
  EADDRNOTAVAIL: 'Unreachable',
  EHOSTDOWN: 'Unreachable',
  ENETDOWN: 'Unreachable',
  EADDRINUSE: 'AddressInUse',
  EACCES: 'AccessDenied',
  EPERM: 'AccessDenied',
  EMSGSIZE: 'TooLarge',
  ENOTFOUND: 'Resolve',
  EAI_AGAIN: 'Resolve',
  // TLS verification (node:tls / OpenSSL codes) and handshake failures.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'CertificateUntrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'CertificateUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'CertificateUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'CertificateUntrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'CertificateUntrusted',
  CERT_UNTRUSTED: 'CertificateUntrusted',
  CERT_SIGNATURE_FAILURE: 'CertificateUntrusted',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'CertificateUntrusted',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'CertificateUntrusted',
  CERT_HAS_EXPIRED: 'CertificateExpired',
  CERT_NOT_YET_VALID: 'CertificateExpired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'CertificateExpired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'HostnameMismatch',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TlsProtocol',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'TlsProtocol',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TlsProtocol',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'TlsProtocol',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'TlsProtocol',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'TlsProtocol',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'TlsProtocol',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'TlsProtocol',
  ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: 'TlsProtocol',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'TlsProtocol',
};

/**
 * Wraps an error from `node:net` / `node:dgram` in a {@link SocketError}, keeping its code.
 *
 * @param cause - what Node reported.
 * @param context - what was being done, e.g. `'connect 127.0.0.1:80'`.
 */
export function toSocketError(cause: unknown, context: string): SocketError {
  if (cause instanceof SocketError) return cause;
  const system = cause as Partial<NodeJS.ErrnoException>;
  const code = typeof system.code === 'string' ? system.code : undefined;
  const kind = (code !== undefined ? KINDS[code] : undefined) ?? 'System';
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new SocketError(kind, `${context}: ${detail}`, {
    code,
    errno: typeof system.errno === 'number' ? system.errno : undefined,
    syscall: typeof system.syscall === 'string' ? system.syscall : undefined,
    cause,
  });
}
