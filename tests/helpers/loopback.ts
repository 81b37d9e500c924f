// Test helper: serve an app on an ephemeral 127.0.0.1 port; closing stops the server, then the graph.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Graph } from '../../src/graph/Graph.ts';
import { createServer, stopServer, type ServerLimits } from '../../src/http/createServer.ts';

export const TEST_SERVER_LIMITS: ServerLimits = {
  maxHeaderBytes: 16 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000,
};

export interface Loopback {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export async function listenOnLoopback(app: Express, graph: Graph, limits: Partial<ServerLimits> = {}): Promise<Loopback> {
  const server = createServer(app, { ...TEST_SERVER_LIMITS, ...limits });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: async () => {
      await stopServer(server, 1_000);
      await graph.close();
    },
  };
}
