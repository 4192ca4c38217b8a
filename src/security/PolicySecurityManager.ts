import { IpAddress } from '../address/IpAddress.js';
import { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { AddressRule } from './AddressRule.js';
import { SecurityError, type SecurityCheck } from './SecurityError.js';
import { SecurityManager } from './SecurityManager.js';

/**
 * A port rule: one port, or an inclusive `[from, to]` range of ports.
 *
 * @example
 * ```ts
 * const rules: PortRule[] = [80, 443, [8000, 8099]];
 * ```
 */
export type PortRule = number | readonly [from: number, to: number];

/**
 * The rules of one check (connect, accept or listen) of a {@link PolicySecurityManager}.
 *
 * @remarks
 * Address entries are numeric literals (`'127.0.0.1'`, `'::1'`) or CIDR ranges (`'10.0.0.0/8'`,
 * `'fd00::/8'`). An IPv4 entry matches IPv4 addresses only and an IPv6 entry IPv6 addresses only;
 * an IPv4-mapped entry (`'::ffff:10.0.0.0/104'`) is the IPv4 entry it spells (`'10.0.0.0/8'`).
 *
 * @example
 * ```ts
 * const rules: PolicyRules = { allow: ['10.0.0.0/8', '::1'], deny: ['10.0.0.66'], ports: [[1024, 65535]] };
 * ```
 */
export interface PolicyRules {
  /**
   * When given, the address must match one of these entries; an empty list matches nothing.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ connect: { allow: ['10.0.0.0/8', '::1'] } });
   * ```
   */
  readonly allow?: readonly string[];
  /**
   * Addresses that are always denied, whatever `allow` and `ports` say.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ accept: { deny: ['192.0.2.0/24'] } });
   * ```
   */
  readonly deny?: readonly string[];
  /**
   * When given, the port must match one of these rules; an empty list matches nothing.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ listen: { ports: [0, [1024, 65535]] } });
   * ```
   */
  readonly ports?: readonly PortRule[];
}

/**
 * Allow and deny lists for Unix domain socket paths.
 *
 * @example
 * ```ts
 * const rules: PathRules = { allow: ['/run/game/*', '@sfnet-*'] };
 * ```
 */
export interface PathRules {
  /** Paths allowed (when given, every other path is denied): exact, or a prefix ending in `*`; abstract names as `@name`. */
  readonly allow?: readonly string[];
  /** Paths denied, whatever `allow` says. */
  readonly deny?: readonly string[];
}

/**
 * The options of a {@link PolicySecurityManager}: one optional set of rules per check.
 *
 * @example
 * ```ts
 * const options: PolicySecurityManagerOptions = { connect: { allow: ['127.0.0.0/8', '::1'] } };
 * ```
 */
export interface PolicySecurityManagerOptions {
  /**
   * Rules for the remote address and port of connects and of UDP destinations; absent: all allowed.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ connect: { allow: ['127.0.0.0/8'], ports: [[1024, 65535]] } });
   * ```
   */
  readonly connect?: PolicyRules;
  /**
   * Rules for the address and port of accepted clients; absent: all allowed.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ accept: { allow: ['10.0.0.0/8'] } });
   * ```
   */
  readonly accept?: PolicyRules;
  /**
   * Rules for the local address and port that listeners and UDP sockets bind; absent: all allowed.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ listen: { allow: ['127.0.0.1', '::1'], ports: [0] } });
   * ```
   */
  readonly listen?: PolicyRules;
  /**
   * Rules for Unix domain sockets, for every check (connect, listen, accept): entries are paths
   * (`'/run/game/game.sock'`), prefixes ending in `*` (`'/run/game/*'`) and abstract names
   * written `@name` (`'@sfnet-*'`); absent: all allowed.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ paths: { allow: ['/run/game/*'], deny: ['/run/game/admin.sock'] } });
   * ```
   */
  readonly paths?: PathRules;
  /**
   * The web pages whose browsers may connect over WebSocket (see {@link SecurityManager.checkOrigin});
   * absent: every origin is allowed.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ origins: { allow: ['https://game.example', 'http://localhost:8080'] } });
   * ```
   */
  readonly origins?: OriginRules;
}

/**
 * Which `Origin` headers a WebSocket client may send.
 *
 * @example
 * ```ts
 * const origins: OriginRules = { allow: ['https://game.example'], allowNone: true };
 * ```
 */
export interface OriginRules {
  /**
   * The origins allowed, as browsers send them: scheme, host and port when not the default
   * (`'https://game.example'`, `'http://localhost:8080'`); compared without regard to case.
   * Every other origin is denied.
   */
  readonly allow: readonly string[];
  /**
   * Whether a client that sends no `Origin` (a program, not a browser) is allowed; default `false`.
   */
  readonly allowNone?: boolean;
}

/** One check's rules, compiled. */
interface CompiledRules {
  readonly allow: readonly AddressRule[] | null;
  readonly deny: readonly AddressRule[];
  readonly ports: ReadonlyArray<readonly [number, number]> | null;
}

const CHECKS: readonly SecurityCheck[] = ['connect', 'accept', 'listen'];
const RULE_KEYS: readonly string[] = ['allow', 'deny', 'ports'];
const ALLOW_ALL: CompiledRules = { allow: null, deny: [], ports: null };
const NAME = 'PolicySecurityManager';

/**
 * A ready-made {@link SecurityManager}: allow and deny lists of addresses and CIDR ranges, and
 * allowed ports, for each of the connect, accept and listen checks.
 *
 * @remarks
 * Each check is decided on its own rules, in this order:
 * 1. an address matching a `deny` entry is denied, whatever else matches (deny wins);
 * 2. when an `allow` list is given, an address matching none of its entries is denied;
 * 3. when `ports` are given, a port matching none of them is denied (port 0, "the system picks",
 *    is a port like the others: list it to let listeners ask for any port);
 * 4. everything else is allowed. A check with no rules allows everything.
 *
 * Denials throw a {@link SecurityError} whose message names the rule that denied. Addresses
 * arrive normalised, so an IPv4 rule also covers every IPv4-mapped IPv6 spelling of its
 * addresses, and an IPv6 rule every spelling of its own. An IPv6 range such as `'::/0'` never
 * matches an IPv4 address. Matching uses Node's `net.BlockList`. The options are compiled once;
 * the manager is immutable.
 *
 * @example
 * ```ts
 * const policy = new PolicySecurityManager({
 *   connect: { allow: ['127.0.0.0/8', '::1', '10.0.0.0/8'], deny: ['10.0.0.66'], ports: [80, [8000, 8099]] },
 *   accept: { deny: ['192.0.2.0/24'] },
 *   listen: { allow: ['127.0.0.1', '::1'], ports: [0, [1024, 65535]] },
 * });
 * const socket = new TcpSocket({ securityManager: policy });
 * ```
 */
export class PolicySecurityManager extends SecurityManager {
  readonly #rules: ReadonlyMap<SecurityCheck, CompiledRules>;
  readonly #pathAllow: readonly string[] | null;
  readonly #pathDeny: readonly string[];
  /** Allowed origins, lower case; `null`: every origin. */
  readonly #origins: ReadonlySet<string> | null;
  readonly #allowNoOrigin: boolean;

  /**
   * Compiles a policy.
   *
   * @param options - the rules of each check; omitted or empty: everything is allowed.
   * @throws TypeError when an option is not of the documented shape, has an unknown key, or an
   *   address entry is not a literal or CIDR range (the message names the entry).
   * @throws RangeError when a port is not an integer from 0 to 65535 or a range is reversed.
   * @example
   * ```ts
   * new PolicySecurityManager({ connect: { deny: ['10.0.0.0/33'] } }); // TypeError naming connect.deny[0]
   * ```
   */
  constructor(options: PolicySecurityManagerOptions = {}) {
    super();
    const sections = checkKeys(options, [...CHECKS, 'paths', 'origins'], 'options');
    this.#rules = new Map(CHECKS.map((check) => [check, compileRules(sections[check], check)]));
    const paths = checkKeys(sections['paths'], ['allow', 'deny'], 'paths');
    this.#pathAllow = compilePaths(paths['allow'], 'paths.allow');
    this.#pathDeny = compilePaths(paths['deny'], 'paths.deny') ?? [];
    const origins = checkKeys(sections['origins'], ['allow', 'allowNone'], 'origins');
    const allowNone = origins['allowNone'] ?? false;
    if (typeof allowNone !== 'boolean') throw new TypeError(`${NAME}: origins.allowNone must be a boolean, got ${describe(allowNone)}`);
    if (sections['origins'] !== undefined && origins['allow'] === undefined) throw new TypeError(`${NAME}: origins.allow is required`);
    this.#origins = compileOrigins(origins['allow']);
    this.#allowNoOrigin = allowNone;
  }

  /**
   * Denies a WebSocket client whose `Origin` is not in `origins.allow` (or that sent none,
   * unless `origins.allowNone`).
   *
   * @param origin - the `Origin` header, or `null` when absent.
   * @throws SecurityError to deny.
   * @example
   * ```ts
   * new PolicySecurityManager({ origins: { allow: ['https://game.example'] } }).checkOrigin('https://evil.example'); // throws
   * ```
   */
  override checkOrigin(origin: string | null): void {
    const allowed = this.#origins;
    if (allowed === null) return;
    if (origin === null) {
      if (!this.#allowNoOrigin) throw new SecurityError('no Origin header sent, and origins.allowNone is not set');
      return;
    }
    if (typeof origin !== 'string') throw new TypeError(`${NAME}.checkOrigin: expected a string or null`);
    if (!allowed.has(origin.toLowerCase())) throw new SecurityError(`origin '${origin}' matches no origins.allow entry`);
  }

  /**
   * Denies a connect to, or a datagram for, `address`:`port` that the `connect` rules do not allow.
   *
   * @param address - the resolved remote address.
   * @param port - the remote port.
   * @throws SecurityError to deny, naming the rule.
   * @example
   * ```ts
   * new PolicySecurityManager({ connect: { ports: [80] } }).checkConnect(IpAddress.LocalHost, 22); // throws
   * ```
   */
  override checkConnect(address: IpAddress, port: number): void {
    this.#check('connect', 'checkConnect', address, port);
  }

  /**
   * Denies a client from `address`:`port` that the `accept` rules do not allow.
   *
   * @param address - the client's address.
   * @param port - the client's port.
   * @throws SecurityError to deny, naming the rule.
   * @example
   * ```ts
   * new PolicySecurityManager({ accept: { allow: ['::1'] } }).checkAccept(IpAddress.LocalHost, 50123); // throws
   * ```
   */
  override checkAccept(address: IpAddress, port: number): void {
    this.#check('accept', 'checkAccept', address, port);
  }

  /**
   * Denies binding the local `address`:`port` when the `listen` rules do not allow it.
   *
   * @param port - the local port (0: the system picks one; see the class remarks).
   * @param address - the local address.
   * @throws SecurityError to deny, naming the rule.
   * @example
   * ```ts
   * new PolicySecurityManager({ listen: { allow: ['127.0.0.1'] } }).checkListen(0, IpAddress.Any); // throws
   * ```
   */
  override checkListen(port: number, address: IpAddress): void {
    this.#check('listen', 'checkListen', address, port);
  }

  /**
   * Denies a Unix socket path that matches a `paths.deny` entry or no `paths.allow` entry.
   *
   * @example
   * ```ts
   * new PolicySecurityManager({ paths: { allow: ['/run/game/*'] } }).checkPath('connect', UnixSocketAddress.of('/tmp/x')); // throws
   * ```
   */
  override checkPath(check: SecurityCheck, path: UnixSocketAddress): void {
    if (!(path instanceof UnixSocketAddress)) throw new TypeError(`${NAME}.checkPath: expected a UnixSocketAddress`);
    const name = String(path);
    const denied = this.#pathDeny.find((entry) => pathMatches(entry, name));
    if (denied !== undefined) throw SecurityError.forPath(check, path, `matches paths.deny entry '${denied}'`);
    if (this.#pathAllow !== null && !this.#pathAllow.some((entry) => pathMatches(entry, name))) {
      throw SecurityError.forPath(check, path, 'matches no paths.allow entry');
    }
  }

  #check(check: SecurityCheck, method: string, address: IpAddress, port: number): void {
    if (!(address instanceof IpAddress)) throw new TypeError(`${NAME}.${method}: expected an IpAddress`);
    if (!isPort(port)) throw new RangeError(`${NAME}.${method}: ${String(port)} is not an integer from 0 to 65535`);
    const rules = this.#rules.get(check) ?? ALLOW_ALL;
    const denied = rules.deny.find((rule) => rule.matches(address));
    if (denied !== undefined) {
      throw new SecurityError(check, address, port, `matches ${check}.deny entry '${denied}'`);
    }
    if (rules.allow !== null && !rules.allow.some((rule) => rule.matches(address))) {
      throw new SecurityError(check, address, port, `matches no ${check}.allow entry`);
    }
    if (rules.ports !== null && !rules.ports.some(([from, to]) => port >= from && port <= to)) {
      throw new SecurityError(check, address, port, `port ${port} matches no ${check}.ports rule`);
    }
  }
}

/** Whether a path (or `@name`) matches an entry: the same text, or a prefix given with a final `*`. */
function pathMatches(entry: string, name: string): boolean {
  return entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry;
}

function compilePaths(value: unknown, where: string): string[] | null {
  return (
    arrayAt(value, where)?.map((entry, i) => {
      if (typeof entry !== 'string' || entry.length === 0) throw new TypeError(`${NAME}: ${where}[${i}] must be a non-empty path, got ${describe(entry)}`);
      return entry;
    }) ?? null
  );
}

function compileOrigins(value: unknown): Set<string> | null {
  const entries = arrayAt(value, 'origins.allow');
  if (entries === null) return null;
  return new Set(
    entries.map((entry, i) => {
      if (typeof entry !== 'string' || entry.length === 0) throw new TypeError(`${NAME}: origins.allow[${i}] must be a non-empty origin, got ${describe(entry)}`);
      return entry.toLowerCase();
    }),
  );
}

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** The value as a record whose keys are all in `known`; `undefined` gives an empty record. */
function checkKeys(value: unknown, known: readonly string[], where: string): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${NAME}: ${where} must be an object, got ${describe(value)}`);
  }
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(`${NAME}: unknown option ${where === 'options' ? '' : `${where}.`}${unknown}; expected ${known.join(', ')}`);
  }
  return value as Record<string, unknown>;
}

/** The array at `where`, or `null` when absent. */
function arrayAt(value: unknown, where: string): readonly unknown[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) throw new TypeError(`${NAME}: ${where} must be an array, got ${describe(value)}`);
  return value;
}

function compileRules(value: unknown, check: SecurityCheck): CompiledRules {
  const section = checkKeys(value, RULE_KEYS, check);
  return {
    allow: compileAddresses(section['allow'], `${check}.allow`),
    deny: compileAddresses(section['deny'], `${check}.deny`) ?? [],
    ports: arrayAt(section['ports'], `${check}.ports`)?.map((rule, i) => compilePort(rule, `${check}.ports[${i}]`)) ?? null,
  };
}

function compileAddresses(value: unknown, where: string): AddressRule[] | null {
  const entries = arrayAt(value, where);
  return (
    entries?.map((entry, i) => {
      const rule = typeof entry === 'string' ? AddressRule.tryParse(entry) : null;
      if (rule === null) {
        throw new TypeError(`${NAME}: ${where}[${i}] ${describe(entry)} is not an IP address or CIDR range`);
      }
      return rule;
    }) ?? null
  );
}

function compilePort(rule: unknown, where: string): readonly [number, number] {
  const pair: readonly unknown[] = Array.isArray(rule) ? rule : [rule, rule];
  if (pair.length !== 2) {
    throw new TypeError(`${NAME}: ${where} must be a port or a [from, to] pair, got ${pair.length} values`);
  }
  const from = portAt(pair[0], where);
  const to = portAt(pair[1], where);
  if (from > to) throw new RangeError(`${NAME}: ${where} [${from}, ${to}] is reversed`);
  return [from, to];
}

function portAt(value: unknown, where: string): number {
  if (typeof value !== 'number') throw new TypeError(`${NAME}: ${where} ${describe(value)} is not a port number`);
  if (!isPort(value)) throw new RangeError(`${NAME}: ${where} ${value} is not an integer from 0 to 65535`);
  return value;
}
