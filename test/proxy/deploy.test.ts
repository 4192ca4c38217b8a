import test from 'ava';
import { haproxyConfig } from '../../docs/examples/deploy/haproxyConfig.js';
import { freePort, hasHaproxy, startHaproxy } from './haproxy.js';
import { WORKER, inBatches, join, ping, runNode, type Player } from './workers.js';

// The deployment recipe of docs/guides/deployment.md, run for real: HAProxy 2.6 in front of
// four arena worker processes (docs/examples/deploy/worker.ts) with send-proxy-v2. The player
// count is bounded (1,500, not the tens of thousands a real server holds) to keep the test to seconds
// on 2 shared cores; the bench measures throughput.
const it = hasHaproxy || process.env.CI === 'true' ? test.serial : test.skip;
const PLAYERS = 1500;
const WORKERS = 4;

it(`HAProxy spreads ${PLAYERS} players over ${WORKERS} workers; a killed worker's players see Disconnected, the others play on, new players reach the survivors`, async (t) => {
  if (!hasHaproxy) return t.fail('haproxy is missing: .ci/run installs it');
  t.timeout(60_000);
  const workers = [...Array(WORKERS).keys()].map(() => runNode(t, WORKER, ['--port', '0', '--trusted', '127.0.0.1', '--max-players', String(PLAYERS)]));
  const ports = await Promise.all(workers.map(async (worker) => ({ tcp: await worker.value('port'), udp: await worker.value('udp') })));
  const front = await freePort();
  await startHaproxy(t, haproxyConfig({ binds: [`127.0.0.1:${front}`], workers: ports.map(({ tcp }) => `127.0.0.1:${tcp}`), maxconn: 3000 }));

  let mark = Date.now();
  const lap = (what: string): void => {
    t.log(`${what}: ${Date.now() - mark} ms`);
    mark = Date.now();
  };
  const joined = await inBatches(PLAYERS, 100, (i) => join(t, '127.0.0.1', front, `p${i}`));
  const players = joined.filter((player): player is Player => player !== null);
  lap('start and join');
  t.is(players.length, PLAYERS, 'every player was welcomed');
  const byWorker = ports.map(({ udp }) => players.filter((player) => player.udpPort === udp));
  t.log('players per worker:', byWorker.map((list) => list.length).join(' '));
  for (const list of byWorker) t.true(list.length >= PLAYERS / WORKERS / 2, `each worker has its share (${byWorker.map((l) => l.length).join(' ')})`);

  const [victims = [], ...others] = byWorker;
  workers[0]?.process.kill('SIGKILL');
  const lost = await inBatches(victims.length, 100, (i) => ping(victims[i] as Player));
  t.deepEqual([...new Set(lost)], ['Disconnected'], "every player of the killed worker sees Disconnected");
  lap('killed worker\'s players disconnected');
  const survivors = others.flat();
  const played = await inBatches(survivors.length, 100, (i) => ping(survivors[i] as Player));
  t.deepEqual([...new Set(played)], ['pong'], 'every other player plays on');

  lap('others pinged');
  const late = await inBatches(60, 20, (i) => join(t, '127.0.0.1', front, `late${i}`));
  lap('late joins');
  const survivorPorts = new Set(ports.slice(1).map(({ udp }) => udp));
  t.true(late.every((player) => player !== null && survivorPorts.has(player.udpPort)), 'new players are welcomed by the surviving workers');
});
