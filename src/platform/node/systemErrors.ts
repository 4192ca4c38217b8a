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
