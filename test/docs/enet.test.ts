/** Runs docs/examples/porting/enet.ts (the reliable UDP guide's code) over loopback, plain and behind a bad network. */
import test from 'ava';
import { badNetwork, gameClient, gameServer } from '../../docs/examples/porting/enet.js';

for (const lossy of [false, true]) {
  test(`the guide's game server and client${lossy ? ' behind 20% loss, reordering and duplication' : ''}: events all in order, positions never out of order`, async (t) => {
    t.timeout(30_000);
    let onPort: (port: number) => void = () => undefined;
    const port = new Promise<number>((resolve) => (onPort = resolve));
    const serving = gameServer(onPort);
    const welcome = await gameClient(await port, lossy ? badNetwork(3) : undefined);
    const seen = await serving;
    t.is(welcome, 'welcome');
    t.deepEqual(seen.events, Array.from({ length: 10 }, (_, i) => `event ${i}`));
    t.true(seen.positions > 0 && seen.positions <= 50);
    if (!lossy) t.is(seen.positions, 50);
  });
}
