/**
 * The arena's web front: an HTTP server that serves the browser client (a page and its ES
 * modules, compiled under dist/) and on which the arena server takes browser players over
 * WebSocket at `/play` (`NodeWebSocketTransport({ server })`): one port for both.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/, where the compiled modules are (this file is dist/docs/examples/arena/WebFront.js). */
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The folders whose modules the page may load: the browser entry's and the arena's. */
const SERVED = [join(DIST, 'src') + sep, join(DIST, 'docs', 'examples', 'arena') + sep];

/** The page: a canvas, a line of text, and the client module. */
export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sfnet arena</title>
<style>body{margin:0;background:#111;color:#ddd;font:14px system-ui,sans-serif}canvas{display:block;margin:8px auto;background:#1b2631}p{text-align:center}</style>
</head><body>
<canvas id="arena" width="640" height="480"></canvas>
<p id="status">connecting…</p>
<p>Move with the arrow keys or WASD. You are the yellow dot; the others are bots.</p>
<script type="module" src="/docs/examples/arena/web/client.js"></script>
</body></html>`;

/**
 * Creates the web front (not listening yet: the arena's WebSocket listener listens on it).
 *
 * @returns the HTTP server; `GET /` is the page, `GET /src/….js` and `/docs/examples/arena/….js` the modules.
 * @example
 * ```ts
 * const web = createWebFront();
 * const server = new ArenaServer({ host: IpAddress.LocalHost, port: 0, tickRate: 30, web });
 * ```
 */
export function createWebFront(): Server {
  return moduleServer(PAGE, SERVED);
}

/**
 * An HTTP server (not listening yet) that answers `GET /` with `page` and `GET /<path>.js` with
 * that compiled module under dist/ when it lies in one of the `served` folders; 404 otherwise.
 *
 * @param page - the HTML served at `/`.
 * @param served - absolute folders under dist/, each ending with the path separator.
 * @returns the server.
 * @example
 * ```ts
 * const server = moduleServer('<!doctype html><script type="module" src="/src/browser/index.js"></script>', []);
 * ```
 */
export function moduleServer(page: string, served: readonly string[]): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = normalize(join(DIST, decodeURIComponent(path)));
    if (!file.endsWith('.js') || !served.some((root) => file.startsWith(root))) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (code) => response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(code),
      () => response.writeHead(404).end(),
    );
  });
}
