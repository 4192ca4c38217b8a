// Real SFML 2.5.1 (sf::UdpSocket) and Java 17 (java.net.DatagramSocket) programs against our UdpSocket.
import { udpInterop } from './udpInterop.js';
import { interopTest } from './toolchain.js';

const sfmlTest = interopTest('sfml');
const javaTest = interopTest('java');

for (const role of ['client', 'server'] as const) {
  sfmlTest(udpInterop, 'sfml', role);
  javaTest(udpInterop, 'java', role);
  javaTest(udpInterop, 'java', role, '::1');
}
