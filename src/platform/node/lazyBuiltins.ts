/**
 * Node built-ins that only some features use, loaded on their first use instead of when sfnet is
 * imported: `node:tls` (TLS), `node:http` and `node:https` (the WebSocket transport's own server),
 * `node:crypto` (WebSocket client masks), `node:dgram` (UDP), `node:dns` and `node:dns/promises`
 * (host names), `node:fs/promises` (stale Unix socket files).
 *
 * @remarks
 * Imported with the package, the first four cost every program ~8–13 ms of a ~55 ms load (Node
 * 20, 2 vCPUs; `npm run bench -- --only="cold start"`), TLS and WebSocket used or not; the other
 * four ~3 ms more, which a TCP program connecting to an address never needs. `process.getBuiltinModule`
 * (Node 20.16 and 22.3) loads a built-in synchronously the first time and returns the same module
 * after, so the call sites stay synchronous. `ZipPacket` loads `node:zlib` the same way.
 *
 * @module
 * @internal
 */

/** `node:tls`. */
export function tlsModule(): typeof import('node:tls') {
  return process.getBuiltinModule('node:tls');
}

/** `node:http`. */
export function httpModule(): typeof import('node:http') {
  return process.getBuiltinModule('node:http');
}

/** `node:https`. */
export function httpsModule(): typeof import('node:https') {
  return process.getBuiltinModule('node:https');
}

/** `node:crypto`. */
export function cryptoModule(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}

/** `node:dgram`. */
export function dgramModule(): typeof import('node:dgram') {
  return process.getBuiltinModule('node:dgram');
}

/** `node:dns`. */
export function dnsModule(): typeof import('node:dns') {
  return process.getBuiltinModule('node:dns');
}

/** `node:dns/promises`. */
export function dnsPromisesModule(): typeof import('node:dns/promises') {
  return process.getBuiltinModule('node:dns/promises');
}

/**
 * `node:fs`. Node loads it before any program; taken this way rather than imported, since an
 * ES module import of it builds a namespace of every export, which loads its streams (~0.8 ms).
 */
export function fsModule(): typeof import('node:fs') {
  return process.getBuiltinModule('node:fs');
}

/** `node:fs/promises`. */
export function fsPromisesModule(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}
