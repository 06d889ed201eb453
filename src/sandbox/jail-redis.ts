import { createConnection, createServer } from 'node:net';
import { isMainThread } from 'node:worker_threads';

// Preloaded (`node --import`) inside the jail when the run may use Redis. The jail has its own
// loopback and no way out but the unix socket the parent listens on; this opens a port on the
// jail's loopback that leads to that socket and points REDIS_URL at it, so graders connect to
// Redis as anywhere else. Worker threads inherit the preload and the environment: main only.

const socketPath = process.env.KIT_REDIS_SOCKET;
if (isMainThread && socketPath && process.env.REDIS_URL) {
  const server = createServer((inside) => {
    const outside = createConnection(socketPath);
    inside.pipe(outside).pipe(inside);
    const end = () => {
      inside.destroy();
      outside.destroy();
    };
    inside.on('error', end).on('close', end);
    outside.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const address = server.address();
  const url = new URL(process.env.REDIS_URL);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  process.env.REDIS_URL = url.toString();
}
