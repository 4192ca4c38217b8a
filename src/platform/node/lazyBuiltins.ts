/**
 * Node built-ins that only some features use, loaded on their first use instead of when sfnet is
 * imported: `node:tls` (TLS), `node:http` and `node:https` (the WebSocket transport's own server),
 * `node:crypto` (WebSocket client masks).
 *
 * @remarks
 * Imported with the package, they cost every program ~8–13 ms of a ~55 ms load (Node 20, 2 vCPUs;
 * `npm run bench -- --only="cold start"`), TLS and WebSocket used or not. `process.getBuiltinModule`
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
