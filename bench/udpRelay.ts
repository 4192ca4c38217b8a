/**
 * The network conditioner as a program: a UDP relay to put between two real processes.
 *
 *   node dist/bench/udpRelay.js --target=127.0.0.1:7777 [--port=0] [--loss=0.2] [--reorder=0.1]
 *        [--duplicate=0.1] [--latency=20] [--jitter=5] [--rate=1000000] [--seed=1]
 *
 * The impairments apply both ways (each way with its own seed). It prints "port <n>" once
 * listening, and runs until killed.
 */
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
const relay = await UdpRelay.start(new NodeDatagramTransport(), {
  target: { address, port: Number(port) },
  address: address.includes(':') ? '::1' : '127.0.0.1',
  port: number('port') ?? 0,
  forward: { ...impair, seed },
  backward: { ...impair, seed: seed + 7919 },
});
console.log(`port ${relay.port}`);
process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
