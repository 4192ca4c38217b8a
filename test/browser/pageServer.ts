/**
 * An HTTP server on 127.0.0.1, port 0, serving a test page and the compiled modules under
 * `dist/src/` and `dist/test/browser/page/` (nothing else), closed at teardown. A WebSocket
 * listener can be put on the same server (`NodeWebSocketTransport({ server })`).
 */
import type { Server } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { moduleServer } from '../../docs/examples/arena/WebFront.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVED = [join(DIST, 'src') + sep, join(DIST, 'test', 'browser', 'page') + sep];

/** A page that loads `module` (a path under dist/, e.g. `/test/browser/page/harness.js`) and a canvas. */
export function pageHtml(module: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>sfnet test</title></head><body><canvas id="view" width="640" height="480"></canvas><script type="module" src="${module}"></script></body></html>`;
}

/** Serves `html` at `/` and the compiled modules; resolves once listening. */
export async function pageServer(t: ExecutionContext, html: string): Promise<{ server: Server; origin: string }> {
  const server = moduleServer(html, SERVED);
  t.teardown(() => new Promise<void>((done) => server.close(() => done())).then(() => undefined));
  server.closeIdleConnections();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
