import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import type { Resolver } from '../../src/address/Resolver.js';

/** A resolver with a fixed table that records the names it was asked. */
class FakeResolver implements Resolver {
  readonly asked: string[] = [];
  readonly #table: ReadonlyMap<string, readonly string[]>;

  constructor(table: Record<string, readonly string[]>) {
    this.#table = new Map(Object.entries(table));
  }

  async lookup(hostname: string): Promise<readonly string[]> {
    this.asked.push(hostname);
    return this.#table.get(hostname) ?? [];
  }
}

const failing: Resolver = {
  lookup: async () => {
    throw new Error('directory down');
  },
};

const canonical = test.macro({
  exec(t: ExecutionContext, text: string, expected: string, family: 4 | 6) {
    const address = IpAddress.parse(text);
    t.is(address.toString(), expected);
    t.is(address.family, family);
    t.true(IpAddress.tryParse(text)?.equals(address));
    t.true(IpAddress.parse(expected).equals(address), 'the canonical text parses to the same address');
  },
  title: (given, text: string, expected: string) => given ?? `parse('${text}') is ${expected}`,
});

// IPv4
test(canonical, '127.0.0.1', '127.0.0.1', 4);
test(canonical, '0.0.0.0', '0.0.0.0', 4);
test(canonical, '255.255.255.255', '255.255.255.255', 4);
test(canonical, '10.0.0.0', '10.0.0.0', 4);
test(canonical, '192.168.100.200', '192.168.100.200', 4);
// IPv4-mapped IPv6 is the IPv4 address, however it is spelled
test(canonical, '::ffff:127.0.0.1', '127.0.0.1', 4);
test(canonical, '::FFFF:127.0.0.1', '127.0.0.1', 4);
test(canonical, '::ffff:7f00:1', '127.0.0.1', 4);
test(canonical, '0:0:0:0:0:ffff:127.0.0.1', '127.0.0.1', 4);
test(canonical, '0:0:0:0:0:FFFF:7F00:0001', '127.0.0.1', 4);
test(canonical, '::ffff:0:0', '0.0.0.0', 4);
// IPv6, RFC 5952: lower case, no leading zeros, longest zero run compressed, first on ties
test(canonical, '::', '::', 6);
test(canonical, '0:0:0:0:0:0:0:0', '::', 6);
test(canonical, '::1', '::1', 6);
test(canonical, '::0:1', '::1', 6);
test(canonical, '0000:0000:0000:0000:0000:0000:0000:0001', '::1', 6);
test(canonical, '1::', '1::', 6);
test(canonical, '2001:DB8::1', '2001:db8::1', 6);
test(canonical, '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1', 6);
test(canonical, 'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789', 6);
test(canonical, '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6);
test(canonical, '1:0:0:2:0:0:0:3', '1:0:0:2::3', 6);
test(canonical, '1:0:0:0:2:0:0:0', '1::2:0:0:0', 6);
test('no :: for a single zero group', canonical, '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6);
test('no :: for alternating zeros', canonical, '1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0', 6);
test(canonical, 'fe80::1:2', 'fe80::1:2', 6);
test(canonical, '1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 6);
test(canonical, '::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8', 6);
// IPv6 with an embedded IPv4 part that is not mapped
test(canonical, '::1.2.3.4', '::102:304', 6);
test(canonical, '64:ff9b::192.0.2.33', '64:ff9b::c000:221', 6);
test(canonical, '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304', 6);

const invalid = test.macro({
  exec(t: ExecutionContext, text: string) {
    t.is(IpAddress.tryParse(text), null);
    t.throws(() => IpAddress.parse(text), { instanceOf: TypeError, message: /^IpAddress\.parse: .* is not an IPv4 or IPv6 literal$/ });
  },
  title: (given, text: string) => given ?? `rejects ${JSON.stringify(text)}`,
});

for (const text of [
  '', 'localhost', 'example.com', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.-1', '01.2.3.4', '1.2.3.04',
  '0x7f.0.0.1', '0177.0.0.1', '2130706433', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/32', '１.2.3.4',
  '1::2::3', ':1', '1:', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::1', '00000::1', '[::1]', '::1/128',
  'fe80::1%eth0', 'fe80::1%1', '::ffff:1.2.3', '::ffff:01.2.3.4', '1:2:3:4:5:6:7:1.2.3.4',
]) {
  test(invalid, text);
}

test('tryParse and parse throw TypeError for a non-string', (t) => {
  t.throws(() => IpAddress.tryParse(42 as unknown as string), { instanceOf: TypeError, message: /IpAddress\.tryParse/ });
  t.throws(() => IpAddress.parse(null as unknown as string), { instanceOf: TypeError });
});

const integer = test.macro({
  exec(t: ExecutionContext, value: number, text: string) {
    const address = IpAddress.fromInteger(value);
    t.is(address.toString(), text);
    t.is(address.toInteger(), value);
    t.is(IpAddress.parse(text).toInteger(), value);
  },
  title: (given, value: number, text: string) => given ?? `fromInteger(0x${value.toString(16)}) is ${text} and back`,
});

test(integer, 0, '0.0.0.0');
test(integer, 1, '0.0.0.1');
test(integer, 0x7f000001, '127.0.0.1');
test(integer, 0x80000000, '128.0.0.0');
test(integer, 0xc0a80102, '192.168.1.2');
test(integer, 0xffffffff, '255.255.255.255');

const badInteger = test.macro({
  exec(t: ExecutionContext, value: number) {
    t.throws(() => IpAddress.fromInteger(value), { instanceOf: RangeError, message: /^IpAddress\.fromInteger: / });
  },
  title: (given, value: number) => given ?? `fromInteger(${value}) throws RangeError`,
});

for (const value of [-1, 0x100000000, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) test(badInteger, value);

test('toInteger of an IPv6 address throws TypeError', (t) => {
  t.throws(() => IpAddress.LocalHostV6.toInteger(), { instanceOf: TypeError, message: /IpAddress\.toInteger: ::1 is IPv6/ });
});

test('fromBytes reads 4 and 16 bytes and turns a mapped address into IPv4', (t) => {
  t.is(IpAddress.fromBytes(Uint8Array.of(192, 0, 2, 1)).toString(), '192.0.2.1');
  const v6 = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  t.is(IpAddress.fromBytes(v6).toString(), '2001:db8::1');
  const mapped = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3);
  const address = IpAddress.fromBytes(mapped);
  t.is(address.family, 4);
  t.deepEqual([...address.toBytes()], [10, 1, 2, 3]);
  t.deepEqual([...IpAddress.parse('2001:db8::1').toBytes()], [...v6]);
});

test('fromBytes rejects other lengths and non-byte arrays', (t) => {
  for (const bytes of [new Uint8Array(0), new Uint8Array(5), new Uint8Array(15), new Uint8Array(17)]) {
    t.throws(() => IpAddress.fromBytes(bytes), { instanceOf: TypeError, message: /^IpAddress\.fromBytes: / });
  }
  t.throws(() => IpAddress.fromBytes([127, 0, 0, 1] as unknown as Uint8Array), { instanceOf: TypeError });
});

test('fromBytes copies its input, even a Buffer, and toBytes gives a copy', (t) => {
  const buffer = Buffer.from([10, 0, 0, 1]);
  const address = IpAddress.fromBytes(buffer);
  buffer[0] = 99;
  t.is(address.toString(), '10.0.0.1');
  t.is(address.toInteger(), 0x0a000001);
  const bytes = address.toBytes();
  t.false(Buffer.isBuffer(bytes));
  bytes[0] = 42;
  t.deepEqual([...address.toBytes()], [10, 0, 0, 1]);
});

test('equals compares addresses, not spellings', (t) => {
  t.true(IpAddress.parse('::0:1').equals(IpAddress.LocalHostV6));
  t.true(IpAddress.parse('::ffff:7f00:1').equals(IpAddress.LocalHost));
  t.true(IpAddress.fromInteger(0x7f000001).equals(IpAddress.LocalHost));
  t.false(IpAddress.LocalHost.equals(IpAddress.LocalHostV6));
  t.false(IpAddress.parse('::1.2.3.4').equals(IpAddress.parse('1.2.3.4')), 'IPv4-compatible is not IPv4-mapped');
  t.false(IpAddress.Any.equals(IpAddress.AnyV6));
});

const predicates = test.macro({
  exec(t: ExecutionContext, text: string, loopback: boolean, unspecified: boolean) {
    const address = IpAddress.parse(text);
    t.is(address.isLoopback(), loopback);
    t.is(address.isUnspecified(), unspecified);
  },
  title: (given, text: string, loopback: boolean, unspecified: boolean) =>
    given ?? `${text}: loopback ${loopback}, unspecified ${unspecified}`,
});

test(predicates, '127.0.0.1', true, false);
test(predicates, '127.255.255.254', true, false);
test(predicates, '::ffff:127.0.0.2', true, false);
test(predicates, '::1', true, false);
test(predicates, '0:0:0:0:0:0:0:1', true, false);
test(predicates, '128.0.0.1', false, false);
test(predicates, '::2', false, false);
test(predicates, '0.0.0.0', false, true);
test(predicates, '::', false, true);
test(predicates, '::ffff:0.0.0.0', false, true);

test('constants have their documented values', (t) => {
  t.is(IpAddress.Any.toString(), '0.0.0.0');
  t.is(IpAddress.LocalHost.toString(), '127.0.0.1');
  t.is(IpAddress.Broadcast.toString(), '255.255.255.255');
  t.is(IpAddress.AnyV6.toString(), '::');
  t.is(IpAddress.LocalHostV6.toString(), '::1');
  t.is(IpAddress.Broadcast.toInteger(), 0xffffffff);
  t.deepEqual([IpAddress.Any.family, IpAddress.AnyV6.family], [4, 6]);
});

test('toJSON and String give the canonical spelling', (t) => {
  t.is(JSON.stringify({ peer: IpAddress.parse('::ffff:127.0.0.1'), v6: IpAddress.parse('2001:DB8::0:1') }),
    '{"peer":"127.0.0.1","v6":"2001:db8::1"}');
  t.is(String(IpAddress.LocalHostV6), '::1');
  t.is(`${IpAddress.LocalHost}`, '127.0.0.1');
});

test('resolve and resolveAll short-circuit literals without asking the resolver', async (t) => {
  const resolver = new FakeResolver({});
  t.true((await IpAddress.resolve('::ffff:10.0.0.1', resolver))?.equals(IpAddress.parse('10.0.0.1')));
  t.deepEqual((await IpAddress.resolveAll('2001:DB8::1', resolver)).map(String), ['2001:db8::1']);
  t.deepEqual(resolver.asked, []);
});

test('resolve gives the first address and resolveAll all of them, without duplicates', async (t) => {
  const resolver = new FakeResolver({
    'game.test': ['::1', '127.0.0.1', '::ffff:127.0.0.1', '0:0::1', 'not-an-address', '10.0.0.1'],
  });
  t.is(String(await IpAddress.resolve('game.test', resolver)), '::1');
  t.deepEqual((await IpAddress.resolveAll('game.test', resolver)).map(String), ['::1', '127.0.0.1', '10.0.0.1']);
  t.deepEqual(resolver.asked, ['game.test', 'game.test']);
});

test('an unknown name resolves to null and to an empty list', async (t) => {
  const resolver = new FakeResolver({ 'game.test': ['127.0.0.1'] });
  t.is(await IpAddress.resolve('nowhere.test', resolver), null);
  t.deepEqual(await IpAddress.resolveAll('nowhere.test', resolver), []);
});

test('a failing resolver gives null from resolve and rejects resolveAll', async (t) => {
  t.is(await IpAddress.resolve('game.test', failing), null);
  await t.throwsAsync(IpAddress.resolveAll('game.test', failing), { message: 'directory down' });
});

test('resolve and resolveAll reject an empty or non-string name with TypeError', async (t) => {
  const resolver = new FakeResolver({});
  await t.throwsAsync(IpAddress.resolve('', resolver), { instanceOf: TypeError, message: /^IpAddress\.resolve: / });
  await t.throwsAsync(IpAddress.resolve(7 as unknown as string, resolver), { instanceOf: TypeError });
  await t.throwsAsync(IpAddress.resolveAll('', resolver), { instanceOf: TypeError, message: /^IpAddress\.resolveAll: / });
  t.deepEqual(resolver.asked, []);
});

test('a name without a resolver is misuse: IpAddress holds no default directory (Dns does)', async (t) => {
  await t.throwsAsync(IpAddress.resolveAll('localhost'), { instanceOf: TypeError, message: /Dns\.resolveAll/ });
  t.true((await IpAddress.resolveAll('::1')).every((each) => each.equals(IpAddress.LocalHostV6)));
});
