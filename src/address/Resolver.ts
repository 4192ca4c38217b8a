/**
 * Turns host names into numeric addresses: the DNS part of the platform layer.
 *
 * @remarks
 * The default implementation asks the system (`getaddrinfo`, so `/etc/hosts` and `localhost`
 * work). Bind `Tokens.Resolver` to your own to pin names in tests or to use another directory.
 * An unknown name resolves to an empty list; a failure of the directory itself rejects with a
 * `SocketError` of kind `'Resolve'`.
 *
 * @example
 * ```ts
 * const fixed: Resolver = { lookup: async (name) => (name === 'game.test' ? ['127.0.0.1'] : []) };
 * const container = createContainer({ resolver: fixed });
 * ```
 */
export interface Resolver {
  /**
   * Looks a host name up.
   *
   * @param hostname - a name such as `'localhost'` (numeric literals are handled before this).
   * @returns every address the name has, IPv4 and IPv6 in the directory's order; empty when none.
    *
    * @example
    * ```ts
    * const addresses = await resolver.lookup('localhost'); // ['::1', '127.0.0.1']
    * ```
    */
  lookup(hostname: string): Promise<readonly string[]>;
}
