// Real SFML 2.5.1 programs (peers/sfml_peer.cpp) against our TcpListener and TcpSocket.
import { tcpInterop } from './tcpInterop.js';
import { interopTest } from './toolchain.js';

const sfmlTest = interopTest('sfml');

for (const role of ['client', 'server'] as const) {
  for (const scenario of ['values', 'mib', 'big'] as const) sfmlTest(tcpInterop, 'sfml', role, scenario);
}
