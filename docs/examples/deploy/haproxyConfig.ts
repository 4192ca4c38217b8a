/**
 * The HAProxy configuration of the deployment: one `mode tcp` front end, round-robin over the
 * arena workers, each reached with the PROXY protocol v2.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Where HAProxy listens and where the workers are. */
export interface HaproxyLayout {
  /** The front end's `bind` lines' addresses, e.g. `['0.0.0.0:7000', '[::]:7000']`. */
  readonly binds: readonly string[];
  /** Each worker's `host:port`. */
  readonly workers: readonly string[];
  /** Connections at most (HAProxy needs two descriptors each). Default 4000. */
  readonly maxconn?: number;
}

// #region config
/**
 * A `haproxy.cfg` for the layout: TCP mode, the players' address passed on with
 * `send-proxy-v2`, health checks every second (they arrive as PROXY LOCAL connections), and a
 * player whose worker is down sent to another one.
 */
export function haproxyConfig(layout: HaproxyLayout): string {
  return [
    'global',
    `  maxconn ${layout.maxconn ?? 4000}`,
    'defaults',
    '  mode tcp',
    '  timeout connect 2s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  option redispatch',
    '  retries 3',
    'frontend players',
    ...layout.binds.map((bind) => `  bind ${bind}`),
    '  default_backend arena',
    'backend arena',
    '  balance leastconn',
    ...layout.workers.map((worker, i) => `  server w${i + 1} ${worker} send-proxy-v2 check inter 1s`),
    '',
  ].join('\n');
}
// #endregion config

// The command line: `node dist/docs/examples/deploy/haproxyConfig.js --bind 0.0.0.0:7000 --workers 127.0.0.1:7001,127.0.0.1:7002`
// prints the configuration, for `haproxy -f`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { bind: { type: 'string', multiple: true }, workers: { type: 'string' } } });
  const binds = values.bind ?? ['0.0.0.0:7000'];
  const workers = (values.workers ?? '127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003,127.0.0.1:7004').split(',');
  process.stdout.write(haproxyConfig({ binds, workers }));
}
