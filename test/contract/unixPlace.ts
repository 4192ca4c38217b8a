import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import type { Place } from './streamContract.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-unix-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

/** A Unix socket place: a new file under a temporary folder, or a new abstract name, each time. */
export function unixPlace(kind: 'path' | 'abstract'): Place {
  return {
    label: kind === 'path' ? 'a Unix path' : 'a Unix abstract name',
    listen: () => ({
      host: '',
      port: 0,
      backlog: 16,
      path: kind === 'path' ? path.join(dir, `s${++count}.sock`) : `\0sfnet-test-${process.pid}-${++count}`,
    }),
    reach: (_server, listened) => ({ host: '', port: 0, path: listened.path, timeoutMs: 5000 }),
  };
}
