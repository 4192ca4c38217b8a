import { createConnection } from 'node:net';
import { fsPromisesModule } from './lazyBuiltins.js';

/**
 * Removes a Unix socket file that nobody listens on any more (left by a process that died
 * without closing), so a new listener can take its path, as a restarted server expects.
 *
 * @remarks
 * Only a socket file is touched, never a regular file or a directory; and only when a connect
 * to it is refused (`ECONNREFUSED`), which is what a socket file without a listener answers. A
 * path someone still listens on is left alone: the listen then fails with `AddressInUse`.
 * Abstract names (starting with `'\0'`) have no file and vanish with their last holder.
 *
 * @returns `true` when a stale socket file was removed.
 * @internal
 */
export async function removeStaleSocket(path: string): Promise<boolean> {
  if (path.startsWith('\0')) return false;
  const { lstat, unlink } = fsPromisesModule();
  const stats = await lstat(path).catch(() => null);
  if (stats === null || !stats.isSocket()) return false;
  const refused = await new Promise<boolean>((resolve) => {
    const probe = createConnection({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
  if (!refused) return false;
  await unlink(path).catch(() => undefined);
  return true;
}
