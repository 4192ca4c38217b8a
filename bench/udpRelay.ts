/**
 * The network conditioner as a program: a UDP relay to put between two real processes.
 *
 *   node dist/bench/udpRelay.js --target=127.0.0.1:7777 [--port=0] [--loss=0.2] [--reorder=0.1]
 *        [--duplicate=0.1] [--latency=20] [--jitter=5] [--rate=1000000] [--seed=1] [--warmup=20000]
 *
 * The impairments apply both ways (each way with its own seed). It prints "port <n>" once
 * listening, and runs until killed. With `--warmup=<n>`, it first relays n datagrams between two
 * sockets of its own (an echo), so that the run it serves meets code V8 has optimised, as the
 * bench's Node peers warm up before their run: a run of 10,000 messages lasts half a second, and
 * its p99 is its slowest 100 messages.
 */
import dgram from 'node:dgram';
import { NodeDatagramTransport, UdpRelay, type ConditionerOptions } from '../src/index.js';

const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.replace(/^--/, '').split('=');
  return [key ?? '', value ?? ''] as const;
}));
const number = (key: string): number | undefined => (args.has(key) ? Number(args.get(key)) : undefined);
const [address, port] = (args.get('target') ?? '').split(/:(?=\d+$)/);
if (address === undefined || port === undefined) {
  console.error('usage: udpRelay --target=<address>:<port> [--port=0] [--loss=0.2] [--reorder=0.1] [--duplicate=0.1] [--latency=ms] [--jitter=ms] [--rate=bytes/s] [--seed=1]');
  process.exit(2);
}
const seed = number('seed') ?? 1;
const impair: ConditionerOptions = {
  loss: number('loss'),
  reorder: number('reorder'),
  duplicate: number('duplicate'),
  latencyMs: number('latency'),
  jitterMs: number('jitter'),
  bytesPerSecond: number('rate'),
};
/** Relays `count` datagrams (64 to 1,400 bytes, 32 at a time, unimpaired) to an echo socket and back, then closes that relay. */
async function warmUp(count: number): Promise<void> {
  const echo = dgram.createSocket('udp4');
  const sender = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
  echo.on('message', (message, from) => echo.send(message, from.port, from.address));
  const warm = await UdpRelay.start(new NodeDatagramTransport(), {
    target: { address: '127.0.0.1', port: echo.address().port },
    address: '127.0.0.1',
    // Unimpaired, so it takes a second or two: the run's path is the same code, with draws that drop.
    forward: { seed },
    backward: { seed: seed + 7919 },
  });
  let back = 0;
  let wake: (() => void) | null = null;
  sender.on('message', () => {
    back++;
    wake?.();
  });
  const payload = Buffer.alloc(1400, 0x5a);
  try {
    for (let sent = 0; sent < count; ) {
      for (let i = 0; i < 32; i++, sent++) sender.send(payload.subarray(0, 64 + ((sent * 97) % 1337)), warm.port, '127.0.0.1');
      // On to the next 32 when most came back, or after 20 ms (some are lost or held back).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20);
        wake = (): void => {
          if (back >= sent - 4) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
    }
  } finally {
    await warm.close();
    sender.close();
    echo.close();
  }
}

const warmup = number('warmup') ?? 0;
if (warmup > 0) await warmUp(warmup);

const relay = await UdpRelay.start(new NodeDatagramTransport(), {
  target: { address, port: Number(port) },
  address: address.includes(':') ? '::1' : '127.0.0.1',
  port: number('port') ?? 0,
  forward: { ...impair, seed },
  backward: { ...impair, seed: seed + 7919 },
});
console.log(`port ${relay.port}`);
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
