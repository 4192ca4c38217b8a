/**
 * A certificate as the peer presented it, without Node types.
 *
 * @example
 * ```ts
 * const certificate = socket.getTlsInfo()?.peerCertificate;
 * console.log(certificate?.subject, certificate?.validTo);
 * ```
 */
export interface PeerCertificate {
  /** The subject's common name (`CN`), or `''`. */
  readonly subject: string;
  /** The issuer's common name (`CN`), or `''`. */
  readonly issuer: string;
  /** The names and addresses it is valid for (its subjectAltName, e.g. `'DNS:localhost, IP Address:127.0.0.1'`). */
  readonly subjectAltName: string;
  /** Start of validity, as OpenSSL prints it. */
  readonly validFrom: string;
  /** End of validity, as OpenSSL prints it. */
  readonly validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  readonly fingerprint256: string;
  /** The certificate in DER. */
  readonly raw: Uint8Array;
}

/**
 * What a TLS connection negotiated.
 *
 * @example
 * ```ts
 * const info = socket.getTlsInfo();
 * if (info !== null) console.log(info.protocol, info.cipher, info.alpnProtocol);
 * ```
 */
export interface TlsInfo {
  /** The protocol version, e.g. `'TLSv1.3'`. */
  readonly protocol: string;
  /** The cipher suite's standard name, e.g. `'TLS_AES_256_GCM_SHA384'`. */
  readonly cipher: string;
  /** The application protocol agreed by ALPN, or `null`. */
  readonly alpnProtocol: string | null;
  /** The peer's certificate, or `null` when it sent none (a client not asked for one). */
  readonly peerCertificate: PeerCertificate | null;
  /** Whether the peer's certificate was verified against the trusted authorities (and the host name). */
  readonly authorized: boolean;
}
