// Sends a query result that is still arriving (QueryOutput.more, from a remote store): the first
// part, then the rest as it comes, with back-pressure. The status and headers went out before the
// whole result was seen, so a cut is announced in the `X-Result-Truncated` trailer (declared in a
// `Trailer` header) and in the log; a failure midway breaks the connection (the error handler
// destroys a response whose headers are sent), so a client never takes a partial body for a whole one.
import type { Response } from 'express';
import type { QueryOutput } from '../graph/Graph.ts';
import { AbortedError } from '../graph/QueryPool.ts';
import type { QueryLog } from './context.ts';

export async function sendStreamed(res: Response, out: QueryOutput, log: QueryLog, header: string, limitOf: (why: 'rows' | 'bytes') => number): Promise<void> {
  const more = out.more;
  if (!more) throw new Error('sendStreamed needs a streamed result');
  const chunks = more.chunks[Symbol.asyncIterator]();
  if (res.destroyed) {
    await chunks.return?.();
    throw new AbortedError('the client went away');
  }
  res.setHeader('Trailer', header);
  await write(res, out.body);
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    if (!(await write(res, next.value))) {
      await chunks.return?.();
      throw new AbortedError('the client went away');
    }
  }
  const { rows, truncated } = more.summary();
  log.rows = rows;
  log.truncated = truncated;
  if (truncated) res.addTrailers({ [header]: `${truncated}; limit=${limitOf(truncated)}; returned=${rows ?? 0}` });
  res.end();
}

/** Writes a chunk; waits for the socket to drain. False if the client went away meanwhile. */
async function write(res: Response, chunk: Uint8Array): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
  return !res.destroyed;
}
