/**
 * A TCP proxy that can go silent: `stall()` keeps every connection open but forwards nothing and
 * accepts new connections without ever reaching the server — a network partition or a frozen
 * server, where nothing is refused and only deadlines help. `restore()` lets the held bytes
 * through and connects the held clients. (test/support/tcp-proxy.ts covers the refused case.)
 */
import net from 'node:net';

export interface StallProxy {
  readonly port: number;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

export async function startStallProxy(target: { host: string; port: number }): Promise<StallProxy> {
  const pairs = new Set<Pair>();
  let stalled = false;

  const link = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    const drop = () => {
      pair.client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    upstream.on('error', drop).on('close', drop);
    pair.client.on('close', drop);
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => client.destroy());
    if (stalled) client.pause();
    else link(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    stall() {
      stalled = true;
      // Unpiped and paused, a socket keeps what arrives in its buffer (and TCP backs up behind it).
      for (const { client, upstream } of pairs) {
        if (upstream) {
          client.unpipe(upstream);
          upstream.unpipe(client);
          upstream.pause();
        }
        client.pause();
      }
    },
    restore() {
      stalled = false;
      for (const pair of pairs) {
        if (pair.upstream) {
          pair.client.pipe(pair.upstream);
          pair.upstream.pipe(pair.client);
        } else {
          link(pair);
        }
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
