/**
 * Which stream the TCP-style bench cases run over, read from the spec's host: `127.0.0.1` (TCP),
 * `tls:127.0.0.1` (TLS with the certificates of `SFNET_BENCH_TLS`), `unix:/path` (a Unix socket).
 * The SDK peers and the hand-written node:net / node:tls peers read it the same way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The stream under a bench case. */
export interface Variant {
  readonly kind: 'tcp' | 'tls' | 'unix';
  /** The address for TCP and TLS. */
  readonly host: string;
  /** The socket file for Unix. */
  readonly path: string;
}

/** The variant a spec host names. */
export function variantOf(host: string): Variant {
  if (host.startsWith('tls:')) return { kind: 'tls', host: host.slice(4), path: '' };
  if (host.startsWith('unix:')) return { kind: 'unix', host: '', path: host.slice(5) };
  return { kind: 'tcp', host, path: '' };
}

/** PEM text of the bench's CA, server certificate and key (made by the runner, in `SFNET_BENCH_TLS`). */
export function tlsMaterial(): { readonly ca: string; readonly cert: string; readonly key: string } {
  const dir = process.env.SFNET_BENCH_TLS;
  if (dir === undefined) throw new Error('SFNET_BENCH_TLS is not set: the runner makes the certificates');
  const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return { ca: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
}
