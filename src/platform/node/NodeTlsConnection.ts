import type { PeerCertificate as NodePeerCertificate, TLSSocket } from 'node:tls';
import type { PeerCertificate, TlsInfo } from '../../transport/TlsInfo.js';
import { LINGER_MS, NodeStreamConnection, type LocalEnd } from './NodeStreamConnection.js';

/**
 * A TLS connection over `node:tls`: a {@link NodeStreamConnection} that also tells what the
 * handshake negotiated.
 *
 * @internal
 */
export class NodeTlsConnection extends NodeStreamConnection {
  readonly #tls: TLSSocket;
  #info: TlsInfo | undefined;

  constructor(socket: TLSSocket, local?: LocalEnd) {
    super(socket, local);
    this.#tls = socket;
  }

  /**
   * Closes gracefully: TLS's close_notify and FIN go out after every queued byte.
   *
   * @remarks
   * A TLS socket's own buffer empties as soon as the TLS layer has taken the bytes, before they
   * are encrypted and written, so closing at once when it is empty (as plain TCP may) would
   * drop them. Here the end always goes through `end()`; a peer that does not close its side
   * within the linger time is dropped then.
   */
  override close(lingerMs = LINGER_MS): void {
    const socket = this.#tls;
    if (socket.destroyed) return;
    const linger = setTimeout(() => socket.destroy(), lingerMs);
    socket.once('close', () => clearTimeout(linger));
    socket.end();
  }

  /** What the handshake negotiated (read once, after it completed). */
  /** A TLS socket cannot send a bare RST through its TLS layer (`resetAndDestroy` wants a TCP handle): it is destroyed instead. */
  override reset(): void {
    this.#tls.destroy();
  }

  get tls(): TlsInfo {
    return (this.#info ??= tlsInfoOf(this.#tls));
  }
}

/** What the handshake of `socket` negotiated: protocol, cipher, ALPN, the peer's certificate, whether it was verified. */
export function tlsInfoOf(socket: TLSSocket): TlsInfo {
  const peer = socket.getPeerCertificate();
  const alpn = socket.alpnProtocol;
  return {
    protocol: socket.getProtocol() ?? '',
    cipher: socket.getCipher()?.standardName ?? '',
    alpnProtocol: typeof alpn === 'string' && alpn !== '' ? alpn : null,
    peerCertificate: peer === null || Object.keys(peer).length === 0 ? null : certificateOf(peer),
    authorized: socket.authorized,
  };
}

function certificateOf(peer: NodePeerCertificate): PeerCertificate {
  return {
    subject: firstOf(peer.subject?.CN),
    issuer: firstOf(peer.issuer?.CN),
    subjectAltName: peer.subjectaltname ?? '',
    validFrom: peer.valid_from,
    validTo: peer.valid_to,
    fingerprint256: peer.fingerprint256,
    raw: new Uint8Array(peer.raw),
  };
}

function firstOf(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
