import net from 'node:net';
import tls from 'node:tls';
import { unlinkSync } from 'node:fs';
import type { PeerSpec } from '../lib/spec.js';
import { EchoPump, EchoWindow, cpuMs, nowUs, payloadOf, ready, report } from './common.js';
import { RawFramer } from './RawFramer.js';
import { tlsMaterial, variantOf, type Variant } from './variant.js';

/** Hand-written node:net (or node:tls) framing: the baseline the SDK is measured against. */
export function rawServer(spec: PeerSpec): void {
  const variant = variantOf(spec.host);
  const handshake = spec.kase === 'handshake';
  const cpu0 = cpuMs();
  let packets = 0;
  let idle: NodeJS.Timeout | undefined;
  const onSocket = (socket: net.Socket): void => {
    socket.on('error', () => undefined);
    if (handshake) {
      packets++;
      clearTimeout(idle);
      idle = setTimeout(() => {
        server.close();
        report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
      }, 1000);
      socket.destroy();
      return;
    }
    server.close();
    const framer = new RawFramer(socket, (payload) => {
      packets++;
      framer.send(payload);
    });
    socket.on('close', () => report('RESULT', { packets, cpuMs: cpuMs() - cpu0 }));
  };
  const server = variant.kind === 'tls' ? tls.createServer({ cert: tlsMaterial().cert, key: tlsMaterial().key }) : net.createServer();
  server.on(variant.kind === 'tls' ? 'secureConnection' : 'connection', onSocket);
  server.on('tlsClientError', () => undefined);
  const listening = (): void => ready(variant.kind === 'unix' ? 0 : (server.address() as net.AddressInfo).port);
  if (variant.kind === 'unix') {
    try {
      unlinkSync(variant.path);
    } catch {
      // no stale file
    }
    server.listen({ path: variant.path, backlog: 4096 }, listening);
  } else server.listen({ port: 0, host: variant.host, backlog: 4096 }, listening);
}

/** Connects with node:net or node:tls; `onReady` runs once the stream is usable (after the handshake for TLS). */
function rawConnect(variant: Variant, port: number, onReady: () => void): net.Socket {
  if (variant.kind === 'tls') return tls.connect({ host: variant.host, port, ca: tlsMaterial().ca, servername: 'localhost' }, onReady);
  const socket = variant.kind === 'unix' ? net.connect({ path: variant.path }) : net.connect({ port, host: variant.host });
  socket.on('connect', onReady);
  return socket;
}

export function rawClient(spec: PeerSpec): void {
  const variant = variantOf(spec.host);
  if (spec.kase === 'handshake') {
    rawHandshakes(spec, variant);
    return;
  }
  const payload = payloadOf(spec.size);
  const socket = rawConnect(variant, spec.port, () => pump.start());
  const pump = new EchoPump(spec, () => framer.send(payload), () => {
    framer.flush();
    socket.end();
  });
  const framer = new RawFramer(socket, () => pump.reply());
  socket.on('error', (error) => {
    process.stderr.write(`raw client: ${error.message}\n`);
    process.exitCode = 1;
  });
}

/** Connects (handshake included) and closes, one after another. */
function rawHandshakes(spec: PeerSpec, variant: Variant): void {
  const window = new EchoWindow(spec);
  const next = (): void => {
    const started = nowUs();
    const socket = rawConnect(variant, spec.port, () => {
      socket.destroy();
      if (window.done(nowUs() - started)) next();
      else report('RESULT', window.result());
    });
    socket.on('error', (error) => {
      process.stderr.write(`raw client: ${error.message}\n`);
      process.exitCode = 1;
    });
  };
  next();
}
