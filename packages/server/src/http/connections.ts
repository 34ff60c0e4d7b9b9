import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Tracks sockets and their in-flight requests so shutdown can drop the idle
 * ones at once. Node's own idle closing misses sockets that never carried a
 * request (clients open spares, e.g. after an aborted stream), and keep-alive
 * sockets would otherwise hold `close()` until the client gives up.
 */
export function trackConnections(server: Server): { closeIdle: () => void } {
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const remaining = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, remaining);
      if (closing && remaining === 0) socket.destroy();
    });
  });
  return {
    closeIdle: () => {
      closing = true;
      for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
    },
  };
}
