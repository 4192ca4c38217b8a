/**
 * SFML 3.1's `sf::Dns`: addresses, SRV records to find a service, and one resolver shared by
 * `Dns`, the sockets and their security checks. The `#region` blocks are copied into
 * `docs/porting-from-sfml.md` and `docs/guides/dependency-injection.md`;
 * `test/docs/dataStreamsAndDns.test.ts` runs them against a dnsmasq on loopback.
 *
 * @module
 */
import { createContainer, Tokens } from '../../../src/di/index.js';
import { Dns, type DnsServer, IpAddress, NodeResolver, PolicySecurityManager, SocketStatus, TcpSocket } from '../../../src/index.js';

/**
 * Finds a game service by its SRV record on the given DNS server and connects to it.
 *
 * @param server - the DNS server to ask.
 * @returns the connect status, or why there was nothing to connect to.
 */
export async function connectToService(server: DnsServer): Promise<string> {
  // #region dns-service
  const dns = new Dns();
  const found = await dns.resolve('game.test', [server], 500); // sf::Dns::resolve(host, servers, timeout)
  if (found === null) return 'the look-up failed'; // std::nullopt: no answer, refused, garbage
  const services = await dns.querySrv('_game._tcp.game.test', [server]); // [] when none or on failure
  const best = services.sort((a, b) => a.priority - b.priority)[0];
  if (best === undefined) return 'no such service';
  const socket = new TcpSocket({ resolver: new NodeResolver({ servers: [server] }) });
  const { status } = await socket.connect(best.target, best.port, 2000);
  // #endregion dns-service
  socket.close();
  return status;
}

/**
 * One resolver bound in a container: `Dns`, sockets and the security policy all see what that DNS
 * server answers.
 *
 * @param server - the DNS server.
 * @param port - a port listening on 127.0.0.1.
 * @returns the addresses `Dns` found and the status of a connect by name.
 */
export async function sharedResolver(server: DnsServer, port: number): Promise<{ addresses: string[]; status: SocketStatus }> {
  // #region dns-container
  const container = createContainer({
    resolver: new NodeResolver({ servers: [server], timeoutMs: 500 }),
    securityManager: new PolicySecurityManager({ connect: { allow: ['127.0.0.0/8'] } }),
  });
  const addresses = (await container.get(Tokens.Dns).resolve('game.test')) ?? []; // asks that server
  const socket = container.get(Tokens.TcpSocket);
  const { status } = await socket.connect('game.test', port); // same answer, checked by the policy
  // #endregion dns-container
  socket.close();
  return { addresses: addresses.map((address: IpAddress) => address.toString()), status };
}
