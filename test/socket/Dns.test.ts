import test from 'ava';
import { Dns, IpAddress } from '../../src/index.js';

test('Dns resolves localhost through the system directory to loopback addresses', async (t) => {
  const address = await Dns.resolve('localhost');
  t.true(address?.isLoopback());
  const all = await Dns.resolveAll('localhost');
  t.true(all.length > 0);
  t.true(all.every((each) => each.isLoopback()));
});

test('Dns asks the resolver it is given instead of the system', async (t) => {
  const asked: string[] = [];
  const resolver = { lookup: async (name: string) => (asked.push(name), ['10.1.2.3']) };
  t.true((await Dns.resolve('game.test', resolver))?.equals(IpAddress.parse('10.1.2.3')));
  t.deepEqual(asked, ['game.test']);
});
