import type { StreamConnection } from '../../transport/StreamConnection.js';
import type { TlsUpgrade } from '../../transport/TlsOptions.js';
import { NodeStreamConnection } from './NodeStreamConnection.js';
import { upgradeToTls } from './upgradeToTls.js';

/**
 * An unencrypted `node:net` connection (TCP, Unix or inherited) that can be upgraded to TLS in
 * place, as SFML 3.1's `setupTlsClient` / `setupTlsServer` and STARTTLS protocols do.
 *
 * @internal
 */
export class NodePlainConnection extends NodeStreamConnection {
  startTls(upgrade: TlsUpgrade, head: Uint8Array): Promise<StreamConnection> {
    const { socket, local } = this.release();
    return upgradeToTls(socket, upgrade, head, local);
  }
}
