// `docs`: regenerates the README's data-model tables from ontology/ and data/context.yaml.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser } from 'n3';
import { readContext } from '../load/readContext.ts';
import { describeModel, withModel } from '../rdf/describeModel.ts';
import { ONTOLOGY_FILE } from './buildGraph.ts';

/** The README text as it should be; `write` also saves it. Returns whether it changed. */
export async function updateReadme(repoDir: string, write: boolean): Promise<{ text: string; changed: boolean }> {
  const readmePath = join(repoDir, 'README.md');
  const [readme, ontologyText, context] = await Promise.all([
    readFile(readmePath, 'utf8'),
    readFile(join(repoDir, 'ontology', ONTOLOGY_FILE), 'utf8'),
    readContext(join(repoDir, 'data')),
  ]);
  const text = withModel(readme, describeModel(new Parser().parse(ontologyText), context));
  if (write && text !== readme) await writeFile(readmePath, text);
  return { text, changed: text !== readme };
}
