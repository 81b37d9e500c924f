// /void and /.well-known/void: the dataset's VoID/DCAT description, in any RDF format by negotiation
// (Turtle by default), naming the endpoint and the dumps at the URLs this server answers on.
import type { Request, Response } from 'express';
import { RDF_FORMATS } from '../rdf/formats.ts';
import { PREFIXES } from '../vocab.ts';
import type { AppContext, Route } from './context.ts';
import { chooseFormat } from './sparqlRoute.ts';
import { voidDescription } from './voidDescription.ts';
import { writeRdf } from './writeRdf.ts';

async function describeDataset(ctx: AppContext, req: Request, res: Response): Promise<void> {
  res.vary('Accept');
  const format = typeof req.query['format'] === 'string' ? req.query['format'] : undefined;
  const { offer: chosen, mediaType } = chooseFormat(req, format, RDF_FORMATS, 'the dataset description');
  const quads = voidDescription(ctx.graph.info, await ctx.graph.dumps.list(), ctx.publicUrl(req));
  res.status(200).setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  res.setHeader('Cache-Control', ctx.options.cacheControl);
  res.end(writeRdf(quads, chosen, PREFIXES));
}

export const voidRoutes: readonly Route[] = [
  { methods: ['GET'], path: '/void', handler: describeDataset },
  { methods: ['GET'], path: '/.well-known/void', handler: describeDataset },
];
