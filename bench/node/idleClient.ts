/**
 * The client of the idle-connections case, the same for every server: opens `connections`
 * connections (256 connects at a time), waits for `go` on stdin, sends one 16-byte packet on
 * each and counts the echoes. Usage: `node idleClient.js len|ws <spec arguments>`.
 */
import net from 'node:net';
import { WebSocket } from 'ws';
import { parseSpec } from '../lib/spec.js';
import { hardExit, lifetimeMs, report } from './common.js';

const FRAME = Buffer.from([0, 0, 0, 16, ...new Array<number>(16).fill(7)]);
const CONCURRENT_CONNECTS = 256;
const ECHO_WAIT_MS = 5_000;

/** One open connection: send the packet, close. */
interface Link {
  send(): void;
  close(): void;
}

type Events = { readonly open: () => void; readonly fail: () => void; readonly echo: () => void };

function lenLink(host: string, port: number, events: Events): Link {
  const socket = net.connect({ host, port, noDelay: true });
  let received = 0;
  let opened = false;
  socket.on('connect', () => {
    opened = true;
    events.open();
  });
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received === FRAME.length) events.echo();
  });
  socket.on('error', () => {
    if (!opened) events.fail();
  });
  return { send: () => socket.write(FRAME), close: () => socket.destroy() };
}

function wsLink(host: string, port: number, events: Events): Link {
  const socket = new WebSocket(`ws://${host.includes(':') ? `[${host}]` : host}:${port}/`, { perMessageDeflate: false });
  let opened = false;
  socket.on('open', () => {
    opened = true;
    events.open();
  });
  socket.on('message', () => events.echo());
  socket.on('error', () => {
    if (!opened) events.fail();
  });
  return { send: () => socket.send(FRAME.subarray(4)), close: () => socket.terminate() };
}

async function main(): Promise<void> {
  const framing = process.argv[2];
  const spec = parseSpec(process.argv.slice(3));
  hardExit(lifetimeMs(spec) + ECHO_WAIT_MS);
  const links: Link[] = [];
  let connected = 0;
  let failed = 0;
  let served = 0;
  const t0 = performance.now();
  let allEchoed: () => void = () => undefined;
  await new Promise<void>((resolve) => {
    const settle = (): void => {
      if (connected + failed === spec.connections) resolve();
      else if (links.length < spec.connections) open();
    };
    const events: Events = {
      open: () => (connected++, settle()),
      fail: () => (failed++, settle()),
      echo: () => ++served === connected && allEchoed(),
    };
    const open = (): void => {
      links.push((framing === 'ws' ? wsLink : lenLink)(spec.host, spec.port, events));
    };
    for (let i = 0; i < Math.min(CONCURRENT_CONNECTS, spec.connections); i++) open();
  });
  const connectMs = performance.now() - t0;
  report('CONNECTED', { connected, connectMs });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const echoed = new Promise<void>((resolve) => (allEchoed = resolve));
  for (const link of links) link.send();
  await Promise.race([echoed, new Promise((resolve) => setTimeout(resolve, ECHO_WAIT_MS))]);
  report('RESULT', { connected, connectMs, served });
  for (const link of links) link.close();
  process.exit(0);
}

void main();
