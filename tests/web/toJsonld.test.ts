// toJsonld: compaction with the published context (by reference), framing, and the limits and
// refusals that keep it from fetching anything or blocking the server for long.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { MAX_FRAMED_QUADS, toJsonld, type PublishedContext } from '../../src/web/toJsonld.ts';

const { namedNode, literal, quad } = DataFactory;
const EX = 'http://example.org/';
const context: PublishedContext = {
  url: `${EX}context.jsonld`,
  context: { '@base': EX, id: '@id', type: '@type', name: { '@id': 'https://schema.org/name' }, knows: { '@id': 'http://xmlns.com/foaf/0.1/knows', '@type': '@id' } },
  text: '',
};
const NT = `<${EX}alice> <http://xmlns.com/foaf/0.1/knows> <${EX}bob> .
<${EX}alice> <https://schema.org/name> "Alice" .
<${EX}bob> <https://schema.org/name> "Bob" .
`;

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected an HttpError');
}

describe('toJsonld', () => {
  it('compacts N-Triples with the context, referenced by its URL', async () => {
    const doc = JSON.parse(await toJsonld(NT, { context })) as { '@context': string; '@graph': unknown[] };
    expect(doc['@context']).toBe(`${EX}context.jsonld`);
    expect(doc['@graph']).toEqual([{ id: 'alice', knows: 'bob', name: 'Alice' }, { id: 'bob', name: 'Bob' }]);
  });

  it('frames: the frame decides the shape, the context still compacts', async () => {
    const doc = JSON.parse(await toJsonld(NT, { context, frame: JSON.stringify({ '@id': 'alice', knows: { '@embed': '@always' } }) })) as Record<string, unknown>;
    expect(doc).toEqual({ '@context': `${EX}context.jsonld`, id: 'alice', knows: { id: 'bob', name: 'Bob' }, name: 'Alice' });
  });

  it('refuses any other context URL, wherever the frame names it', async () => {
    for (const frame of [{ '@context': 'http://evil.example/c' }, { '@context': [`${EX}context.jsonld`, 'http://evil.example/c'] }, { '@context': { '@import': 'http://evil.example/c' } }]) {
      const e = await failure(toJsonld(NT, { context, frame }));
      expect(e.status).toBe(400);
      expect(e.message).toBe(`the JSON-LD context <http://evil.example/c> is refused: this server never fetches documents. Use the dataset's context <${EX}context.jsonld> or an inline @context`);
    }
  });

  it(`refuses to frame more than ${MAX_FRAMED_QUADS} statements`, async () => {
    const many = Array.from({ length: MAX_FRAMED_QUADS + 1 }, (_, i) => quad(namedNode(`${EX}n${i}`), namedNode('https://schema.org/name'), literal(`n${i}`)));
    const e = await failure(toJsonld(many, { context, frame: {} }));
    expect(e.status).toBe(400);
    expect(e.message).toBe(`a JSON-LD frame can shape at most ${MAX_FRAMED_QUADS} statements and this answer has ${MAX_FRAMED_QUADS + 1}: narrow the query, or ask without a frame`);
  });

  it('turns a frame jsonld.js rejects into a 400 that says why', async () => {
    const e = await failure(toJsonld(NT, { context, frame: { '@embed': 'sometimes' } }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^the JSON-LD frame was rejected: /);
  });
});
