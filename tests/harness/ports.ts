import { createServer } from 'node:net';

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();

function askTheOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP port on loopback that was free a moment ago, and never one this process handed out
 * before: a test that keeps a port free on purpose ("nothing listens here") must not find a
 * server it started later listening there.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await askTheOs();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
