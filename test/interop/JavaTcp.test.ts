// Real Java 17 programs (peers/JavaPeer.java, java.net.Socket / ServerSocket with DataInput/OutputStream)
// against our TcpListener and TcpSocket, over IPv4 and IPv6 loopback.
import { tcpInterop } from './tcpInterop.js';
import { interopTest } from './toolchain.js';

const javaTest = interopTest('java');

for (const role of ['client', 'server'] as const) {
  for (const scenario of ['values', 'mib', 'big'] as const) javaTest(tcpInterop, 'java', role, scenario);
  javaTest(tcpInterop, 'java', role, 'values', '::1');
}
