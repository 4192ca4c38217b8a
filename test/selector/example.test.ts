import test from 'ava';
import { DEMO_CLIENTS, greeting, main } from '../../docs/examples/selector-server.js';

test('the selector-server example relays each demo client\'s line and ends by itself', async (t) => {
  const printed: string[] = [];
  const relayed = await main((line) => printed.push(line));
  t.deepEqual([...relayed].sort(), DEMO_CLIENTS.map(greeting).sort());
  for (const name of DEMO_CLIENTS) {
    t.true(printed.includes(`${name} heard "${greeting(name)}"`), `${name} heard its own line back`);
  }
  t.is(printed.filter((line) => line.startsWith('server: a client left')).length, DEMO_CLIENTS.length);
  t.is(printed.at(-1), `server: relayed ${DEMO_CLIENTS.length} lines, done`);
});
