// Test helper: small SHACL test graphs written in Turtle, with the ex:, sh:, rdfs: and xsd: prefixes.
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';

export const EX = 'http://example.org/';

export function shapesTurtle(text: string): Quad[] {
  return new Parser({ format: 'Turtle' }).parse(`@prefix ex: <${EX}> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
${text}`);
}
