import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import { ChatServer } from '../../solutions/level1/server.js';

// A fan-out server in its own process, for bench/level1-fanout.ts. Argument: `reference` (the
// level 1 solution) or `plain` (the broadcast loop from ws's README). Sends `{ port }` over IPC
// once listening, and stops when the parent says `stop` or goes away.

/** The broadcast example from ws's README, with an error listener so a reset cannot crash it. */
async function startPlain(): Promise<{ port: number; stop: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      wss.clients.forEach((client) => {
        if (client !== ws && client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: isBinary });
        }
      });
    });
  });
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

async function startReference(): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = new ChatServer({ host: '127.0.0.1', port: 0 });
  const port = await server.start();
  return { port, stop: () => server.stop() };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'reference' && mode !== 'plain') throw new Error(`unknown mode "${mode}"`);
  const server = mode === 'reference' ? await startReference() : await startPlain();
  process.on('message', (message) => {
    if (message !== 'stop') return;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port: server.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
