import test from 'ava';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import type { PolicySecurityManagerOptions } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import type { SecurityCheck } from '../../src/security/SecurityError.js';
import { SecurityManager } from '../../src/security/SecurityManager.js';

/** Runs one check the way sockets call it (listen takes the port first). */
function ask(policy: SecurityManager, check: SecurityCheck, address: string, port: number): void {
  const ip = IpAddress.parse(address);
  if (check === 'connect') policy.checkConnect(ip, port);
  else if (check === 'accept') policy.checkAccept(ip, port);
  else policy.checkListen(port, ip);
}

const allows = test.macro({
  exec(t: ExecutionContext, options: PolicySecurityManagerOptions, check: SecurityCheck, address: string, port: number) {
    t.notThrows(() => ask(new PolicySecurityManager(options), check, address, port));
  },
  title: (given, options: PolicySecurityManagerOptions, check: SecurityCheck, address: string, port: number) =>
    `${given ?? ''} allows ${check} ${address} port ${port} under ${JSON.stringify(options)}`.trim(),
});

const denies = test.macro({
  exec(t: ExecutionContext, options: PolicySecurityManagerOptions, check: SecurityCheck, address: string, port: number, reason: RegExp) {
    const error = t.throws(() => ask(new PolicySecurityManager(options), check, address, port), { instanceOf: SecurityError });
    t.is(error?.check, check);
    t.is(error?.kind, 'Security');
    t.true(Boolean(error?.address?.equals(IpAddress.parse(address))));
    t.is(error?.port, port);
    t.regex(error?.message ?? '', reason);
  },
  title: (given, options: PolicySecurityManagerOptions, check: SecurityCheck, address: string, port: number) =>
    `${given ?? ''} denies ${check} ${address} port ${port} under ${JSON.stringify(options)}`.trim(),
});

const loopback = { allow: ['127.0.0.0/8', '::1'] };
const NOT_ALLOWED = /matches no connect\.allow entry$/;

// No rules: everything is allowed, like the base SecurityManager.
for (const check of ['connect', 'accept', 'listen'] as const) {
  test(allows, {}, check, '203.0.113.9', 22);
  test(allows, { [check]: {} }, check, '2001:db8::1', 0);
}

test('a policy is a SecurityManager and works without options', (t) => {
  const policy = new PolicySecurityManager();
  t.true(policy instanceof SecurityManager);
  t.notThrows(() => ask(policy, 'connect', '8.8.8.8', 53));
  t.notThrows(() => ask(policy, 'listen', '::', 0));
});

// Allow lists: single addresses and CIDR ranges, both families.
test(allows, { connect: loopback }, 'connect', '127.0.0.1', 80);
test(allows, { connect: loopback }, 'connect', '127.255.0.7', 80);
test(allows, { connect: loopback }, 'connect', '::1', 80);
test(denies, { connect: loopback }, 'connect', '128.0.0.1', 80, /^connect 128\.0\.0\.1:80: matches no connect\.allow entry$/);
test(denies, { connect: loopback }, 'connect', '::2', 80, /^connect \[::2\]:80: matches no connect\.allow entry$/);
test(allows, { connect: { allow: ['10.0.0.0/8'] } }, 'connect', '10.255.255.255', 1);
test(denies, { connect: { allow: ['10.0.0.0/8'] } }, 'connect', '11.0.0.0', 1, NOT_ALLOWED);
test(allows, { connect: { allow: ['192.168.1.0/24'] } }, 'connect', '192.168.1.0', 1);
test(denies, { connect: { allow: ['192.168.1.0/24'] } }, 'connect', '192.168.2.0', 1, NOT_ALLOWED);
test(allows, { connect: { allow: ['10.1.2.3/32'] } }, 'connect', '10.1.2.3', 1);
test(denies, { connect: { allow: ['10.1.2.3/32'] } }, 'connect', '10.1.2.4', 1, NOT_ALLOWED);
test(allows, { connect: { allow: ['0.0.0.0/0'] } }, 'connect', '203.0.113.1', 1);
test(allows, { connect: { allow: ['fd00::/8'] } }, 'connect', 'fd12:3456::1', 1);
test(denies, { connect: { allow: ['fd00::/8'] } }, 'connect', 'fe80::1', 1, NOT_ALLOWED);
test(allows, { connect: { allow: ['2001:db8::/32'] } }, 'connect', '2001:db8:ffff::1', 1);
test(denies, { connect: { allow: ['2001:db8::/32'] } }, 'connect', '2001:db9::1', 1, NOT_ALLOWED);
test(allows, { connect: { allow: ['2001:db8::1/128'] } }, 'connect', '2001:db8::1', 1);
test(denies, { connect: { allow: ['2001:db8::1/128'] } }, 'connect', '2001:db8::2', 1, NOT_ALLOWED);
test('host bits after the prefix are ignored, as net.BlockList does', allows,
  { connect: { allow: ['10.1.2.3/8'] } }, 'connect', '10.200.0.1', 1);
test('an empty allow list', denies, { connect: { allow: [] } }, 'connect', '127.0.0.1', 1, NOT_ALLOWED);

// Deny lists, and deny wins over allow.
test(denies, { connect: { deny: ['10.0.0.66'] } }, 'connect', '10.0.0.66', 80, /^connect 10\.0\.0\.66:80: matches connect\.deny entry '10\.0\.0\.66'$/);
test(allows, { connect: { deny: ['10.0.0.66'] } }, 'connect', '10.0.0.67', 80);
test(denies, { accept: { deny: ['192.0.2.0/24'] } }, 'accept', '192.0.2.200', 5000, /matches accept\.deny entry '192\.0\.2\.0\/24'$/);
test(denies, { accept: { deny: ['2001:db8::/32'] } }, 'accept', '2001:db8::5', 5000, /matches accept\.deny entry '2001:db8::\/32'$/);
test('deny wins over allow', denies, { connect: { allow: ['10.0.0.0/8'], deny: ['10.0.0.66'] } }, 'connect', '10.0.0.66', 80,
  /matches connect\.deny entry '10\.0\.0\.66'$/);
test('deny wins over ports', denies, { connect: { deny: ['10.0.0.0/8'], ports: [80] } }, 'connect', '10.0.0.1', 80,
  /matches connect\.deny entry/);
test('the first matching deny entry is named', denies, { connect: { deny: ['9.9.9.9', '10.0.0.0/8', '10.0.0.1'] } }, 'connect',
  '10.0.0.1', 80, /matches connect\.deny entry '10\.0\.0\.0\/8'$/);
test(allows, { connect: { allow: ['10.0.0.0/8'], deny: ['10.0.0.66'] } }, 'connect', '10.0.0.65', 80);

// Ports: single ports and inclusive ranges.
const web = { ports: [80, 443, [8000, 8099]] as const };
for (const port of [80, 443, 8000, 8050, 8099]) test(allows, { connect: web }, 'connect', '127.0.0.1', port);
for (const port of [0, 79, 81, 442, 7999, 8100, 65535]) {
  test(denies, { connect: web }, 'connect', '127.0.0.1', port, new RegExp(`port ${port} matches no connect\\.ports rule$`));
}
test('a one-port range', allows, { connect: { ports: [[22, 22]] } }, 'connect', '::1', 22);
test('an empty port list', denies, { connect: { ports: [] } }, 'connect', '::1', 22, /port 22 matches no connect\.ports rule$/);
test('port 0 must be listed for listen', denies, { listen: { ports: [[1024, 65535]] } }, 'listen', '127.0.0.1', 0,
  /^listen 127\.0\.0\.1:0: port 0 matches no listen\.ports rule$/);
test('port 0 listed for listen', allows, { listen: { ports: [0, [1024, 65535]] } }, 'listen', '127.0.0.1', 0);
test('the address is checked before the port', denies, { connect: { allow: ['::1'], ports: [80] } }, 'connect', '::2', 81,
  NOT_ALLOWED);

// Listen rules name local addresses.
const localOnly = { listen: { allow: ['127.0.0.1', '::1'] } };
test(allows, localOnly, 'listen', '127.0.0.1', 0);
test(allows, localOnly, 'listen', '::1', 0);
test(denies, localOnly, 'listen', '0.0.0.0', 0, /^listen 0\.0\.0\.0:0: matches no listen\.allow entry$/);
test(denies, localOnly, 'listen', '::', 0, /^listen \[::\]:0: matches no listen\.allow entry$/);
test(denies, { listen: { deny: ['0.0.0.0', '::'] } }, 'listen', '::', 8080, /matches listen\.deny entry '::'$/);

// Each check is decided on its own rules only.
const strict = {
  connect: { allow: ['10.0.0.0/8'], ports: [443] },
  accept: { deny: ['192.0.2.0/24'] },
  listen: { allow: ['127.0.0.1'], ports: [[1024, 65535]] },
} as const;
test('connect rules do not apply to accept', allows, strict, 'accept', '203.0.113.1', 50000);
test('connect rules do not apply to listen', allows, strict, 'listen', '127.0.0.1', 2000);
test('accept rules do not apply to connect', allows, strict, 'connect', '10.0.0.1', 443);
test('listen rules do not apply to accept', allows, strict, 'accept', '10.0.0.1', 80);
test(denies, strict, 'connect', '192.0.2.1', 443, NOT_ALLOWED);
test(denies, strict, 'accept', '192.0.2.1', 443, /matches accept\.deny entry/);
test(denies, strict, 'listen', '10.0.0.1', 2000, /matches no listen\.allow entry/);
test('rules for one check leave the others open', allows, { connect: { allow: [] } }, 'accept', '203.0.113.1', 1);

// Spellings cannot bypass a rule: IPv4-mapped IPv6 is IPv4, and IPv6 has one canonical form.
const denyLoopback4 = { connect: { deny: ['127.0.0.0/8'] } };
const allowTen = { connect: { allow: ['10.0.0.0/8'] } };
for (const spelling of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.0.0.1', '::FFFF:7F00:0001', '0:0::ffff:127.1.2.3']) {
  test('mapped spelling', denies, denyLoopback4, 'connect', spelling, 80, /matches connect\.deny entry '127\.0\.0\.0\/8'$/);
}
for (const spelling of ['::ffff:10.1.2.3', '::ffff:a01:203', '0:0:0:0:0:FFFF:0A01:0203']) {
  test('mapped spelling', allows, allowTen, 'connect', spelling, 80);
}
test('an IPv4-compatible address is IPv6, not IPv4', allows, denyLoopback4, 'connect', '::127.0.0.1', 80);
for (const spelling of ['::1', '::0:1', '0:0:0:0:0:0:0:1', '0000::0001']) {
  test('IPv6 spelling', denies, { connect: { deny: ['::1'] } }, 'connect', spelling, 80, /matches connect\.deny entry '::1'$/);
}
for (const spelling of ['fd12::1', 'FD12:0::1', 'fd12:0000:0000:0000:0000:0000:0000:0001']) {
  test('IPv6 spelling', denies, { connect: { deny: ['FD00::/8'] } }, 'connect', spelling, 80, /matches connect\.deny entry 'FD00::\/8'$/);
}
test('an upper-case single-address entry', denies, { accept: { deny: ['2001:DB8::0:1'] } }, 'accept', '2001:db8::1', 80,
  /matches accept\.deny entry '2001:DB8::0:1'$/);

// Entries spelled as IPv4-mapped IPv6 are the IPv4 rules they name.
test('a mapped single-address entry', denies, { connect: { deny: ['::ffff:7f00:1'] } }, 'connect', '127.0.0.1', 80,
  /matches connect\.deny entry '::ffff:7f00:1'$/);
test('a mapped range entry', denies, { connect: { deny: ['::ffff:10.0.0.0/104'] } }, 'connect', '10.200.1.1', 80,
  /matches connect\.deny entry '::ffff:10\.0\.0\.0\/104'$/);
test('a mapped range entry, outside', allows, { connect: { deny: ['::ffff:10.0.0.0/104'] } }, 'connect', '11.0.0.1', 80);
test('the whole mapped block', denies, { connect: { deny: ['::ffff:0:0/96'] } }, 'connect', '198.51.100.1', 80, /'::ffff:0:0\/96'$/);

// Families never mix, although net.BlockList on Node 20 matches '::/0' against IPv4 addresses.
test('::/0 is IPv6 only', allows, { connect: { deny: ['::/0'] } }, 'connect', '127.0.0.1', 80);
test('::/0 denies IPv6', denies, { connect: { deny: ['::/0'] } }, 'connect', '::1', 80, /matches connect\.deny entry '::\/0'$/);
test('::/0 does not allow IPv4', denies, { connect: { allow: ['::/0'] } }, 'connect', '127.0.0.1', 80, NOT_ALLOWED);
test('0.0.0.0/0 is IPv4 only', allows, { connect: { deny: ['0.0.0.0/0'] } }, 'connect', '::1', 80);
test('a short range around the mapped block is IPv6 only', allows, { connect: { deny: ['::ffff:0:0/80'] } }, 'connect',
  '127.0.0.1', 80);
test('a short range around the mapped block matches IPv6', denies, { connect: { deny: ['::ffff:0:0/80'] } }, 'connect',
  '::1', 80, /'::ffff:0:0\/80'$/);

// Invalid options throw at construction, naming the entry.
const invalid = test.macro({
  exec(t: ExecutionContext, options: unknown, type: typeof TypeError | typeof RangeError, message: RegExp) {
    t.throws(() => new PolicySecurityManager(options as PolicySecurityManagerOptions), { instanceOf: type, message });
  },
  title: (given, options: unknown) => given ?? `rejects ${JSON.stringify(options)}`,
});

const badEntries = ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/ 8',
  '/8', '', 'localhost', '01.2.3.4', '1.2.3', '0x7f.0.0.1', 'fe80::1%eth0', 'fe80::/10%eth0', '[::1]', ' 10.0.0.1',
  '::ffff:10.0.0.0/129'];
for (const entry of badEntries) {
  const text = entry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  test(invalid, { accept: { allow: ['127.0.0.1', entry] } }, TypeError,
    new RegExp(`^PolicySecurityManager: accept\\.allow\\[1\\] '${text}' is not an IP address or CIDR range$`));
}
test(invalid, { connect: { deny: [42] } }, TypeError, /connect\.deny\[0\] 42 is not an IP address or CIDR range$/);
test(invalid, { listen: { deny: [null] } }, TypeError, /listen\.deny\[0\] null is not an IP address/);
test(invalid, { connect: { allow: '10.0.0.0/8' } }, TypeError, /connect\.allow must be an array, got '10\.0\.0\.0\/8'$/);
test(invalid, { connect: { ports: 80 } }, TypeError, /connect\.ports must be an array, got 80$/);
test(invalid, 'strict', TypeError, /options must be an object, got 'strict'$/);
test(invalid, null, TypeError, /options must be an object, got null$/);
test(invalid, [], TypeError, /options must be an object, got an array$/);
test(invalid, { connect: null }, TypeError, /connect must be an object, got null$/);
test('a misspelt check', invalid, { conect: { allow: [] } }, TypeError,
  /^PolicySecurityManager: unknown option conect; expected connect, accept, listen, paths, origins$/);
test('a misspelt rule list', invalid, { connect: { alow: ['::1'] } }, TypeError,
  /^PolicySecurityManager: unknown option connect\.alow; expected allow, deny, ports$/);
test(invalid, { connect: { ports: [70000] } }, RangeError, /^PolicySecurityManager: connect\.ports\[0\] 70000 is not an integer from 0 to 65535$/);
test(invalid, { connect: { ports: [80, -1] } }, RangeError, /connect\.ports\[1\] -1 is not an integer/);
test(invalid, { connect: { ports: [1.5] } }, RangeError, /connect\.ports\[0\] 1\.5 is not an integer/);
test(invalid, { connect: { ports: [Number.NaN] } }, RangeError, /connect\.ports\[0\] NaN is not an integer/);
test(invalid, { accept: { ports: [[1, 70000]] } }, RangeError, /accept\.ports\[0\] 70000 is not an integer/);
test(invalid, { listen: { ports: [[2000, 1000]] } }, RangeError, /^PolicySecurityManager: listen\.ports\[0\] \[2000, 1000\] is reversed$/);
test(invalid, { listen: { ports: [[1, 2, 3]] } }, TypeError, /listen\.ports\[0\] must be a port or a \[from, to\] pair, got 3 values$/);
test(invalid, { listen: { ports: [[80]] } }, TypeError, /listen\.ports\[0\] must be a port or a \[from, to\] pair, got 1 values$/);
test(invalid, { connect: { ports: ['80'] } }, TypeError, /connect\.ports\[0\] '80' is not a port number$/);
test(invalid, { connect: { ports: [[80, '90']] } }, TypeError, /connect\.ports\[0\] '90' is not a port number$/);

test('checks reject a non-address or an impossible port', (t) => {
  const policy = new PolicySecurityManager();
  t.throws(() => policy.checkConnect('127.0.0.1' as unknown as IpAddress, 80), {
    instanceOf: TypeError, message: 'PolicySecurityManager.checkConnect: expected an IpAddress',
  });
  t.throws(() => policy.checkAccept(IpAddress.LocalHost, 65536), {
    instanceOf: RangeError, message: 'PolicySecurityManager.checkAccept: 65536 is not an integer from 0 to 65535',
  });
  t.throws(() => policy.checkListen(-1, IpAddress.Any), { instanceOf: RangeError, message: /^PolicySecurityManager\.checkListen: / });
});

test('the options are compiled once: changing them later changes nothing', (t) => {
  const deny = ['10.0.0.1'];
  const policy = new PolicySecurityManager({ connect: { deny } });
  deny.push('127.0.0.1');
  t.notThrows(() => ask(policy, 'connect', '127.0.0.1', 80));
  t.throws(() => ask(policy, 'connect', '10.0.0.1', 80), { instanceOf: SecurityError });
});
