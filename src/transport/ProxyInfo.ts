/**
 * One type-length-value entry of a PROXY protocol v2 header, as it was sent.
 *
 * @example
 * ```ts
 * const custom = socket.getProxyInfo()?.tlvs.find((tlv) => tlv.type === 0xe0);
 * console.log(custom?.value.length);
 * ```
 */
export interface ProxyTlv {
  /** The type byte (`0x01` ALPN, `0x02` authority, `0x05` unique id, `0x20` SSL, `0xE0`–`0xEF` custom, …). */
  readonly type: number;
  /** The value bytes (a copy: the connection keeps no reference to its input). */
  readonly value: Uint8Array;
}

/**
 * What the proxy learnt of the client's TLS connection (the v2 `PP2_TYPE_SSL` entry), when it
 * terminated TLS itself.
 *
 * @example
 * ```ts
 * const ssl = socket.getProxyInfo()?.ssl;
 * if (ssl?.clientTls === true) console.log(ssl.version, ssl.cipher, ssl.verified);
 * ```
 */
export interface ProxySslInfo {
  /** The `client` bit field as sent (`0x01` TLS, `0x02` certificate on this connection, `0x04` in the session). */
  readonly client: number;
  /** The client connected over TLS (`PP2_CLIENT_SSL`). */
  readonly clientTls: boolean;
  /** The client presented a certificate on this connection (`PP2_CLIENT_CERT_CONN`). */
  readonly certificateInConnection: boolean;
  /** The client presented a certificate at least once in its TLS session (`PP2_CLIENT_CERT_SESS`). */
  readonly certificateInSession: boolean;
  /** The `verify` field was 0: the client's certificate was presented and verified. */
  readonly verified: boolean;
  /** The TLS version's name (`'TLSv1.3'`), or `null`. */
  readonly version: string | null;
  /** The client certificate's common name, or `null`. */
  readonly commonName: string | null;
  /** The cipher's name (`'TLS_AES_256_GCM_SHA384'`), or `null`. */
  readonly cipher: string | null;
  /** The algorithm that signed the proxy's certificate (`'RSA-SHA256'`), or `null`. */
  readonly signatureAlgorithm: string | null;
  /** The proxy's certificate key algorithm (`'RSA2048'`), or `null`. */
  readonly keyAlgorithm: string | null;
}

/**
 * The family and transport a PROXY header announced: TCP or UDP over IPv4 or IPv6, a Unix
 * socket, or `'unknown'` (v1 `UNKNOWN`, v2 `AF_UNSPEC`, and every LOCAL header).
 *
 * @example
 * ```ts
 * const family: ProxyFamily = 'tcp6';
 * ```
 */
export type ProxyFamily = 'tcp4' | 'tcp6' | 'udp4' | 'udp6' | 'unix-stream' | 'unix-dgram' | 'unknown';

/**
 * A PROXY protocol header (v1 text or v2 binary) as parsed, before it is tied to a connection.
 *
 * @remarks
 * Addresses are in the SDK's canonical spelling (`IpAddress.toString()`: an IPv4-mapped IPv6
 * address reads as IPv4). They are `null` when the header carries none (LOCAL, UNKNOWN, Unix).
 *
 * @example
 * ```ts
 * const header: ProxyHeader | undefined = socket.getProxyInfo() ?? undefined;
 * console.log(header?.version, header?.command, header?.sourceAddress);
 * ```
 */
export interface ProxyHeader {
  /** 1 for the text header, 2 for the binary one. */
  readonly version: 1 | 2;
  /**
   * `'proxy'`: relayed on behalf of a client (the addresses are the client's); `'local'`: a
   * connection the proxy made itself (a v2 LOCAL, e.g. a health check) or a v1 `UNKNOWN` line,
   * so the connection's real ends stand.
   */
  readonly command: 'proxy' | 'local';
  /** What was announced. */
  readonly family: ProxyFamily;
  /** The client's address; `null` without one. */
  readonly sourceAddress: string | null;
  /** The client's port; 0 without one. */
  readonly sourcePort: number;
  /** The address the client connected to (the proxy's front end); `null` without one. */
  readonly destinationAddress: string | null;
  /** The port the client connected to; 0 without one. */
  readonly destinationPort: number;
  /** For a Unix family: the client's socket path (up to its first NUL), else `null`. */
  readonly sourcePath: string | null;
  /** For a Unix family: the path the client connected to, else `null`. */
  readonly destinationPath: string | null;
  /** Every v2 TLV in order, the known ones too (`[]` for v1). */
  readonly tlvs: readonly ProxyTlv[];
  /** The application protocol (`PP2_TYPE_ALPN`, e.g. `'h2'`), or `null`. */
  readonly alpn: string | null;
  /** The host name the client asked for (`PP2_TYPE_AUTHORITY`, SNI under TLS), or `null`. */
  readonly authority: string | null;
  /** The proxy's unique id of the connection (`PP2_TYPE_UNIQUE_ID`, up to 128 bytes), or `null`. */
  readonly uniqueId: Uint8Array | null;
  /** The client's TLS details (`PP2_TYPE_SSL`), or `null`. */
  readonly ssl: ProxySslInfo | null;
  /** The network namespace's name (`PP2_TYPE_NETNS`), or `null`. */
  readonly netns: string | null;
  /** Whether a CRC32C entry was present (and, since the header was accepted, matched). */
  readonly checksummed: boolean;
}

/**
 * What a connection accepted through a PROXY protocol listener learnt from its header, plus the
 * proxy's own address (the connection's real peer).
 *
 * @example
 * ```ts
 * const info = socket.getProxyInfo();
 * if (info !== null) console.log(`client ${info.sourceAddress} via proxy ${info.proxyAddress}:${info.proxyPort}`);
 * ```
 */
export interface ProxyInfo extends ProxyHeader {
  /** The proxy's address: the real peer of the TCP connection, in the SDK's spelling (`''` over a Unix socket). */
  readonly proxyAddress: string;
  /** The proxy's port (0 over a Unix socket). */
  readonly proxyPort: number;
}
