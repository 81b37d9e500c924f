// Reads data/dataset.yaml: the dataset-level metadata (title, licence, ...) for VoID/DCAT.
import { join } from 'node:path';
import type { DatasetMeta } from '../rdf/describeDataset.ts';
import type { Problems } from './problems.ts';
import { describeNode, entry, readYaml } from './readYaml.ts';

export const DATASET_FILE = 'dataset.yaml';
const TEXT_FIELDS = ['title', 'description', 'license', 'creator', 'issued', 'citation'] as const;

export async function readDatasetMeta(dataDir: string, problems: Problems, displayDir = 'data'): Promise<DatasetMeta | undefined> {
  const file = `${displayDir}/${DATASET_FILE}`;
  const [root] = await readYaml(join(dataDir, DATASET_FILE), file, problems);
  if (!root) return undefined;
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const key of TEXT_FIELDS) {
    const e = entry(root, key);
    const v = e?.value;
    if (v?.kind === 'scalar' && (typeof v.value === 'string' || key === 'issued') && v.value !== null && String(v.value).trim() !== '') text[key] = String(v.value).trim();
    else problems.add(e?.keyLoc ?? root.loc, `${DATASET_FILE} needs "${key}" as text${v ? `, got ${describeNode(v)}` : ''}`);
  }
  if (text.license && !/^https?:\/\//.test(text.license)) problems.add(entry(root, 'license')?.value.loc ?? root.loc, 'license must be the IRI of a licence, e.g. https://creativecommons.org/licenses/by/4.0/');
  if (text.issued && !/^\d{4}-\d{2}-\d{2}$/.test(text.issued)) problems.add(entry(root, 'issued')?.value.loc ?? root.loc, 'issued must be a date written YYYY-MM-DD');
  const kw = entry(root, 'keywords')?.value;
  const keywords = kw?.kind === 'seq' ? kw.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : [])) : [];
  const { title, description, license, creator, issued, citation } = text;
  if (!title || !description || !license || !creator || !issued || !citation) return undefined;
  return { title, description, license, creator, issued, citation, keywords };
}
