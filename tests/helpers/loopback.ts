// Test helpers: serve an app on an ephemeral 127.0.0.1 port (closing stops the server, then the
// graph), and a logger whose lines the test can read.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
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

/** A pino logger whose JSON lines are parsed into `logs` as they are written. */
export function capturingLogger(): { logger: Logger; logs: Array<Record<string, unknown>> } {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), logs };
}
