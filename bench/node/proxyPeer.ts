/**
 * The processes of the "through HAProxy" groups.
 *
 * - `server <proxy 0|1>`: an SDK echo server (TcpListener, one blocking loop a client) on a free
 *   port of 127.0.0.1, reading the PROXY protocol from 127.0.0.1 when `proxy` is 1; prints `READY <port>`.
 * - `cluster <workers> <proxy 0|1>`: the same server in `workers` node:cluster workers sharing one port.
 * - `client <port> <connect|pingpong> <durationMs> <warmupMs> <concurrency> <maxIters>`: raw node:net
 *   clients; `connect` opens, exchanges one 16-byte packet and closes, `concurrency` at a time;
 *   `pingpong` keeps `concurrency` connections each doing ping-pong; the window ends early after
 *   `maxIters` exchanges. Prints `RESULT {iters, elapsedMs}`.
 */
import cluster from 'node:cluster';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { IpAddress, NodeStreamTransport, Packet, ProxyProtocolTransport, SocketStatus, TcpListener, TcpSocket } from '../../src/index.js';
import { hardExit, ready, report } from './common.js';

const FRAME = Buffer.from([0, 0, 0, 16, ...new Array<number>(16).fill(7)]);

async function server(proxy: boolean): Promise<number> {
  const plain = new NodeStreamTransport();
  const streamTransport = proxy ? new ProxyProtocolTransport(plain, { trustedProxies: ['127.0.0.1'], local: 'close' }) : plain;
  const listener = new TcpListener({ streamTransport });
  const listened = await listener.listen(0, IpAddress.LocalHost);
  if (listened.status !== SocketStatus.Done) throw new Error(`listen: ${listened.error?.message ?? listened.status}`);
  void (async () => {
    for (;;) {
      const socket = new TcpSocket();
      if ((await listener.accept(socket)).status !== SocketStatus.Done) return;
      void echo(socket);
    }
  })();
  return listener.getLocalPort();
}

async function echo(socket: TcpSocket): Promise<void> {
  const packet = new Packet();
  while ((await socket.receive(packet)).status === SocketStatus.Done) {
    if ((await socket.send(packet)).status !== SocketStatus.Done) break;
  }
  socket.disconnect();
}

/** One client connection's exchange: resolves when `FRAME` came back. */
function exchange(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (chunk: Buffer): void => {
      got += chunk.length;
      if (got >= FRAME.length) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(FRAME);
  });
}

function open(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function client(port: number, kase: string, durationMs: number, warmupMs: number, concurrency: number, maxIters: number): Promise<void> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  let end = measureFrom + durationMs;
  let iters = 0;
  const count = (): void => {
    const now = performance.now();
    if (now < measureFrom || now >= end) return;
    if (++iters >= maxIters) end = now;
  };
  const loops = [...Array(concurrency).keys()].map(async () => {
    if (kase === 'connect') {
      while (performance.now() < end) {
        const socket = await open(port);
        await exchange(socket);
        socket.destroy();
        count();
      }
    } else {
      const socket = await open(port);
      while (performance.now() < end) {
        await exchange(socket);
        count();
      }
      socket.destroy();
    }
  });
  await Promise.all(loops);
  report('RESULT', { iters, elapsedMs: end - measureFrom });
  process.exit(0);
}

async function main(): Promise<void> {
  hardExit(120_000);
  const [role, ...args] = process.argv.slice(2);
  if (role === 'server') ready(await server(args[0] === '1'));
  else if (role === 'cluster' && cluster.isPrimary) {
    const workers = Number(args[0]);
    const ports = await Promise.all(
      [...Array(workers).keys()].map(() => new Promise<number>((resolve) => cluster.fork().on('message', (message: { port: number }) => resolve(message.port)))),
    );
    ready(ports[0] ?? 0);
  } else if (role === 'cluster') process.send?.({ port: await server(args[1] === '1') });
  else if (role === 'client') await client(Number(args[0]), args[1] ?? 'pingpong', Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5]));
  else throw new Error(`unknown role ${String(role)}`);
}

void main();
