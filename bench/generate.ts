// Synthetic data for benchmarks: a data/ directory in the curated record format (see data/README.md)
// at a chosen size, with the shapes of the real data. Each "story" is one news article (with the
// press release and social-media post it quotes, and an inference for the year it never prints)
// about a pair of working-group meetings, a senior officials' meeting, maybe a planned ministerial
// meeting with its retreat and a briefing, the papers countries put forward, the approvals, pledges
// and selections made, an expert's quotation and statements, and the people, posts and bodies
// involved. Countries, intergovernmental organisations, their bodies and working groups, ministries,
// departments, institutes, publishers, topics and themes are shared pools that grow with the size,
// so references cross stories as they do in real news.
//
// Deterministic from a seed. The size is steered by the number of triples the build will produce
// (data + entailments + ontology, as counted in dist/manifest.json), estimated while generating
// from the ontology's own alignment rules. Records are written many to a file (`---`), each file
// well under the loader's per-file limit.
//
//   npx tsx bench/generate.ts --triples 100000 --out /tmp/x [--seed 1]
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { readContext, type Context } from '../src/load/readContext.ts';
import { knownTerms } from '../src/rdf/checkTerms.ts';
import { rulesFrom, type Rules } from '../src/rdf/materialise.ts';
import { akg, prov, rdf } from '../src/vocab.ts';

export const REPO_DIR = resolve(import.meta.dirname, '..');
export const REAL_DATA_DIR = join(REPO_DIR, 'data');
export const ONTOLOGY_DIR = join(REPO_DIR, 'ontology');

export interface GenerateOptions {
  /** Directory to write; it becomes a data/ directory (replaced if it exists). */
  readonly dir: string;
  /** Wanted size: triples in the union of all graphs of the built dataset. */
  readonly triples: number;
  readonly seed?: number;
  /** Where context.yaml, dataset.yaml and ontology/ come from (default: this repository). */
  readonly realDataDir?: string;
  readonly ontologyDir?: string;
}

export interface GenerateResult {
  readonly dir: string;
  readonly ontologyDir: string;
  readonly records: number;
  readonly files: number;
  readonly bytes: number;
  readonly stories: number;
  /** The triple count the build should report (manifest.triples), as estimated here. */
  readonly estimatedTriples: number;
}

/** Files are cut at this many bytes: a quarter of the loader's 4 MiB limit. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FILE_RECORDS = 2000;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** sfc32, seeded through splitmix32: small, fast and the same on every platform. */
function rngFrom(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** `n` distinct items (fewer if the list is shorter), in list order. */
  sample<T>(items: readonly T[], n: number): T[] {
    if (n >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((x, y) => x - y).map((i) => items[i] as T);
  }
}

const SYLLABLES = ['ka', 'ran', 'so', 'vi', 'mel', 'do', 'tha', 'ri', 'nam', 'pe', 'lo', 'sa', 'ven', 'tu', 'mar', 'chi', 'ba', 'len', 'ko', 'sun', 'da', 'ni', 'ro', 'phe'];
const FAMILY = ['Sok', 'Chan', 'Lim', 'Nguyen', 'Tan', 'Santos', 'Reyes', 'Wong', 'Kim', 'Lee', 'Singh', 'Rahman', 'Ong', 'Pham', 'Lay', 'Eat', 'Kin', 'Hun', 'Tran', 'Abdullah', 'Suzuki', 'Sato', 'Smith', 'Brown'];
const GIVEN = ['Dara', 'Sophea', 'Chenda', 'Phea', 'Vanna', 'Rithy', 'Maly', 'Bopha', 'Anh', 'Minh', 'Siti', 'Ahmad', 'Maria', 'Jose', 'Wei', 'Hiroshi', 'Yuki', 'Priya', 'Arjun', 'James', 'Emma', 'Somchai', 'Niran', 'Thida'];
const SUBJECTS = ['maritime security', 'counter-terrorism', 'humanitarian assistance', 'disaster relief', 'peacekeeping operations', 'military medicine', 'cyber security', 'defence industry', 'demining', 'border management', 'military education', 'women in peacekeeping', 'pandemic response', 'search and rescue', 'climate security', 'military history', 'logistics', 'transnational crime', 'health emergencies', 'connectivity', 'trade facilitation', 'education exchange', 'energy security', 'food security'];
const THEME_WORDS = ['Solidarity', 'Resilience', 'Partnership', 'Harmony', 'Unity', 'Prosperity', 'Cooperation', 'Progress', 'Trust', 'Peace'];
const THEME_GOALS = ['Harmonious Security', 'Shared Prosperity', 'a Sustainable Future', 'Regional Stability', 'Common Purpose', 'Peaceful Development'];
const MINISTRIES = [
  { key: 'defence', name: 'Ministry of National Defence' },
  { key: 'foreign', name: 'Ministry of Foreign Affairs and International Cooperation' },
  { key: 'education', name: 'Ministry of Education' },
  { key: 'commerce', name: 'Ministry of Commerce' },
  { key: 'health', name: 'Ministry of Health' },
] as const;
type MinistryKey = (typeof MINISTRIES)[number]['key'];
const DEPARTMENTS = ['Politics and Foreign Affairs', 'Policy and Planning', 'Logistics', 'Military Education', 'International Cooperation', 'Legal Affairs', 'Public Health', 'Trade Promotion', 'Research and Development'];
const ROLES = [
  ['director', 'Director', 'Head of an institute or department.'],
  ['deputy-head', 'Deputy Head', 'Second in charge of a department.'],
  ['secretary-of-state', 'Secretary of State', 'Senior official of a ministry below the minister.'],
  ['senior-official', 'Senior Official', 'The official who represents a country in a senior officials\' meeting.'],
  ['minister', 'Minister', 'Head of a ministry.'],
  ['spokesperson', 'Spokesperson', 'Official who speaks for a ministry.'],
  ['researcher', 'Researcher', 'Member of the staff of a research institute.'],
  ['member-state', 'Member state', 'Role of a country that is a full member of an intergovernmental organisation.'],
  ['partner', 'Partner', 'Role of a non-member country that takes part as a partner.'],
] as const;

// ---------------------------------------------------------------------------------------------
// Records and the triple estimate

type Scalar = string | number;
interface Sourced { readonly value: Scalar; readonly source: string }
type Val = Scalar | Sourced;

interface Rec {
  readonly id: string;
  readonly collection: string;
  readonly type: string | readonly string[];
  readonly source: string;
  readonly fields: Record<string, Val | readonly Val[] | undefined>;
}

/**
 * Counts the triples a record set will produce, the way the build does: the union of all graphs,
 * with the entailments of the same rules materialised to a fixed point (see src/rdf/materialise.ts).
 * Terms are keys: a record id, `<iri>` or `"literal`.
 */
class Estimator {
  private readonly facts = new Set<string>();
  private readonly graphs = new Set<string>();
  /** For property chains: objects by subject and subjects by object, of the chain's properties. */
  private readonly forward = new Map<string, Map<string, string[]>>();
  private readonly backward = new Map<string, Map<string, string[]>>();
  private readonly type = rdf('type');

  constructor(private readonly context: Context, private readonly rules: Rules, readonly ontologyTriples: number) {
    for (const c of rules.chains) {
      for (const p of [c.first.p, c.second.p]) {
        this.forward.set(p, new Map());
        this.backward.set(p, new Map());
      }
    }
  }

  get total(): number {
    return this.facts.size + this.ontologyTriples;
  }

  add(r: Rec): void {
    for (const t of typeof r.type === 'string' ? [r.type] : r.type) {
      for (const iri of this.context.classes.get(t)?.iris ?? []) this.fact(r.id, this.type, `<${iri}>`);
    }
    this.graph(r.source);
    for (const [key, v] of Object.entries(r.fields)) {
      if (v === undefined) continue;
      const def = this.context.properties.get(key);
      if (!def) throw new Error(`generator: unknown key ${key}`);
      for (const one of Array.isArray(v) ? (v as readonly Val[]) : [v as Val]) {
        const value = String(typeof one === 'object' ? one.value : one);
        if (typeof one === 'object') this.graph(one.source);
        const o = def.kind === 'ref' ? value
          : def.kind === 'iri' ? `<${this.expand(value)}>`
          : `"${def.kind === 'typed' ? def.datatype : def.kind}"${value}`;
        this.fact(r.id, def.iri, o);
      }
    }
  }

  private expand(value: string): string {
    const m = /^([a-z]+):(?!\/\/)(.*)$/.exec(value);
    return m ? `${this.context.prefixes.get(m[1] ?? '') ?? ''}${m[2] ?? ''}` : value;
  }

  /** The build's meta graph: each named graph is an akg:FactGraph derived from its record. */
  private graph(id: string): void {
    if (this.graphs.has(id)) return;
    this.graphs.add(id);
    this.fact(`<graph/${id}>`, this.type, `<${akg('FactGraph')}>`);
    this.fact(`<graph/${id}>`, prov('wasDerivedFrom'), id);
  }

  private fact(s: string, p: string, o: string): void {
    const work: [string, string, string][] = [[s, p, o]];
    while (work.length > 0) {
      const [ws, wp, wo] = work.pop() as [string, string, string];
      if (ws.startsWith('"')) continue;
      const key = `${ws}\u0000${wp}\u0000${wo}`;
      if (this.facts.has(key)) continue;
      this.facts.add(key);
      if (wp === this.type && wo.startsWith('<')) for (const c of this.rules.superClasses.get(wo.slice(1, -1)) ?? []) work.push([ws, wp, `<${c}>`]);
      for (const sp of this.rules.superProperties.get(wp) ?? []) work.push([ws, sp, wo]);
      for (const ip of this.rules.inverses.get(wp) ?? []) work.push([wo, ip, ws]);
      const fwd = this.forward.get(wp);
      if (!fwd) continue;
      push(fwd, ws, wo);
      push(this.backward.get(wp) as Map<string, string[]>, wo, ws);
      for (const chain of this.rules.chains) {
        if (chain.first.p === wp) {
          const [x, y] = chain.first.inverse ? [wo, ws] : [ws, wo];
          for (const z of this.neighbours(y, chain.second.p, !chain.second.inverse)) work.push([x, chain.result, z]);
        }
        if (chain.second.p === wp) {
          const [y, z] = chain.second.inverse ? [wo, ws] : [ws, wo];
          for (const x of this.neighbours(y, chain.first.p, chain.first.inverse)) work.push([x, chain.result, z]);
        }
      }
    }
  }

  /** Objects of `y` along `p` (outward) or subjects reaching `y` along it. */
  private neighbours(y: string, p: string, outward: boolean): readonly string[] {
    return (outward ? this.forward : this.backward).get(p)?.get(y) ?? [];
  }
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

// ---------------------------------------------------------------------------------------------
// YAML output

const ID_LIKE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLAIN_SAFE = /^(?:\d{4}-\d{2}-\d{2}|[a-z]+:[A-Za-z][\w-]*)$/;

function scalar(v: Scalar): string {
  if (typeof v === 'number') return String(v);
  if ((ID_LIKE.test(v) && !/^\d+$/.test(v)) || PLAIN_SAFE.test(v)) return v;
  return JSON.stringify(v);
}

function value(v: Val): string {
  return typeof v === 'object' ? `{value: ${scalar(v.value)}, source: ${v.source}}` : scalar(v);
}

function toYaml(r: Rec): string {
  const lines = [`id: ${r.id}`];
  if (typeof r.type === 'string') lines.push(`type: ${r.type}`);
  else lines.push('type:', ...r.type.map((t) => `  - ${t}`));
  lines.push(`source: ${r.source}`);
  for (const [key, v] of Object.entries(r.fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      const list = v as readonly Val[];
      if (list.length === 0) continue;
      if (list.length === 1) lines.push(`${key}: ${value(list[0] as Val)}`);
      else lines.push(`${key}:`, ...list.map((x) => `  - ${value(x)}`));
    } else lines.push(`${key}: ${value(v as Val)}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The synthetic world

interface Country { readonly id: string; readonly name: string }
interface Igo {
  readonly id: string;
  readonly acronym: string;
  readonly members: readonly Country[];
  readonly partners: readonly Country[];
  readonly membersBackground: string;
  readonly partnersBackground: string;
  readonly secretariat: string;
  readonly council: string;
  readonly ministers: string;
  readonly ministersPlus: string;
  readonly som: string;
  readonly somPlus: string;
  readonly workingGroups: { som: string[]; somPlus: string[]; council: string[] };
}
interface Ministry { readonly id: string; readonly departments: string[] }
interface Person { readonly id: string; readonly name: string }

class World {
  readonly records: Rec[] = [];
  private readonly ids = new Set<string>();
  readonly countries: Country[] = [];
  readonly igos: Igo[] = [];
  private readonly ministries = new Map<string, Ministry>();
  private readonly publishers: string[] = [];
  private readonly institutes = new Map<string, string[]>();
  private readonly initiatives: string[] = [];
  private readonly topics: string[] = [];
  private readonly themes: string[] = [];
  private readonly people: Person[] = [];
  stories = 0;

  constructor(private readonly rnd: Random, private readonly estimate: Estimator) {
    this.bootstrap();
  }

  private add(r: Rec): string {
    if (this.ids.has(r.id)) throw new Error(`generator: duplicate id ${r.id}`);
    this.ids.add(r.id);
    this.records.push(r);
    this.estimate.add(r);
    return r.id;
  }

  private word(min = 2, max = 3): string {
    let w = '';
    const n = this.rnd.int(min, max);
    for (let i = 0; i < n; i++) w += this.rnd.pick(SYLLABLES);
    return w.charAt(0).toUpperCase() + w.slice(1);
  }

  private uniqueId(stem: string): string {
    let id = stem;
    for (let i = 2; this.ids.has(id); i++) id = `${stem}-${i}`;
    return id;
  }

  private bootstrap(): void {
    this.add({ id: 'verified-identifiers', collection: 'provenance', type: 'BackgroundKnowledge', source: 'verified-identifiers', fields: {
      label: 'Curated links to external identifiers',
      reason: 'Links to Wikidata entities, ISO 3166-1 codes, Wikipedia articles and official web sites are added by the curators after checking each one; no source states them.',
    } });
    this.add({ id: 'bodies-background', collection: 'provenance', type: 'BackgroundKnowledge', source: 'bodies-background', fields: {
      label: 'Background: intergovernmental bodies, their full names and how they nest',
      reason: 'The articles use acronyms and short names; the full names of the bodies and which body each belongs to are general knowledge.',
    } });
    this.add({ id: 'ministries-inferred', collection: 'provenance', type: 'Inference', source: 'ministries-inferred', fields: {
      label: 'Inference: the ministries named by the articles belong to the host country',
      reason: 'The articles name ministries without their country; the context (a host country\'s officials reporting) makes the country clear.',
      basedOn: 'verified-identifiers',
    } });
    for (const [key, label, description] of [['theme-scheme', 'Meeting themes', 'Themes under which meetings were held.'], ['topic-scheme', 'Meeting topics', 'What meetings, papers and statements were about.'], ['role-scheme', 'Roles of posts and memberships', 'The roles that posts and memberships take.']] as const) {
      this.add({ id: key, collection: 'concepts', type: 'ConceptScheme', source: 'bodies-background', fields: { prefLabel: label, description } });
    }
    for (const [key, label, description] of ROLES) {
      this.add({ id: `role-${key}`, collection: 'roles', type: ['Role', 'Concept'], source: 'bodies-background', fields: { prefLabel: label, inScheme: 'role-scheme', description } });
    }
    this.igo(0);
  }

  private country(i: number): Country {
    const existing = this.countries[i];
    if (existing) return existing;
    const name = this.word(2, 3) + (this.rnd.chance(0.2) ? ' Darussalam' : '');
    const id = this.uniqueId(name.toLowerCase().replace(/ /g, '-'));
    const iso2 = String.fromCharCode(65 + Math.floor(i / 26) % 26, 65 + (i % 26));
    const iso3 = `${iso2}${String.fromCharCode(65 + ((i * 7) % 26))}`;
    const c = { id, name };
    this.countries[i] = c;
    this.add({ id, collection: 'countries', type: 'Country', source: 'verified-identifiers', fields: {
      name,
      iso2: { value: iso2, source: 'verified-identifiers' },
      iso3: { value: iso3, source: 'verified-identifiers' },
      sameAs: { value: `wd:Q${1000 + i * 37}`, source: 'verified-identifiers' },
    } });
    return c;
  }

  /** The k-th intergovernmental organisation with its member states, partners, bodies and working groups. */
  igo(k: number): Igo {
    const existing = this.igos[k];
    if (existing) return existing;
    const name = `${this.word(3, 4)} Association of Nations`;
    const acronym = `${name.slice(0, 2).toUpperCase()}AN`;
    const id = this.uniqueId(`igo-${acronym.toLowerCase()}`);
    const members = Array.from({ length: 10 }, (_, i) => this.country(k * 10 + i));
    const partners = Array.from({ length: 8 }, (_, i) => this.country(k * 10 + 10 + i));
    const membersBackground = this.add({ id: `${id}-member-states`, collection: 'provenance', type: 'BackgroundKnowledge', source: `${id}-member-states`, fields: {
      label: `Background: the ten member states of ${acronym}`,
      reason: `The articles speak of "the ten ${acronym} member states" without naming them; which states they are is general knowledge.`,
    } });
    const partnersBackground = this.add({ id: `${id}-partners`, collection: 'provenance', type: 'BackgroundKnowledge', source: `${id}-partners`, fields: {
      label: `Background: the eight partner countries of the ${acronym} defence ministers' meeting-plus`,
      reason: `"${acronym} Plus countries" at a meeting-plus means its eight partner countries; the articles do not list them.`,
    } });
    this.add({ id, collection: 'bodies', type: 'IntergovernmentalOrganization', source: 'bodies-background', fields: {
      name, alternateName: acronym,
      sameAs: { value: `wd:Q${500000 + k * 101}`, source: 'verified-identifiers' },
      homepage: { value: `https://${acronym.toLowerCase()}.example.org/`, source: 'verified-identifiers' },
    } });
    const body = (suffix: string, type: string, bodyName: string, short: string, parent: string, linkedTo?: string) => this.add({
      id: `${id}-${suffix}`, collection: 'bodies', type, source: 'bodies-background',
      fields: { name: bodyName, alternateName: short, subOrganizationOf: parent, linkedTo },
    });
    const secretariat = body('secretariat', 'Secretariat', `${acronym} Secretariat`, `${acronym}Sec`, id);
    const council = body('coordinating-council', 'IntergovernmentalBody', `${acronym} Coordinating Council`, `${acronym}-CC`, id);
    const ministers = body('dmm', 'IntergovernmentalBody', `${acronym} Defence Ministers' Meeting`, `${acronym}DMM`, id);
    const ministersPlus = body('dmm-plus', 'IntergovernmentalBody', `${acronym} Defence Ministers' Meeting-Plus`, `${acronym}DMM-Plus`, id, ministers);
    const som = body('dsom', 'IntergovernmentalBody', `${acronym} Defence Senior Officials' Meeting`, `${acronym}DSOM`, ministers);
    const somPlus = body('dsom-plus', 'IntergovernmentalBody', `${acronym} Defence Senior Officials' Meeting-Plus`, `${acronym}DSOM-Plus`, ministersPlus, som);
    for (const c of members) this.add({ id: `${c.id}-${id}-membership`, collection: 'memberships', type: 'Membership', source: membersBackground, fields: { member: c.id, organization: id, role: 'role-member-state' } });
    for (const c of partners) this.add({ id: `${c.id}-${id}-dmm-plus-membership`, collection: 'memberships', type: 'Membership', source: partnersBackground, fields: { member: c.id, organization: ministersPlus, role: 'role-partner' } });
    const igo: Igo = { id, acronym, members, partners, membersBackground, partnersBackground, secretariat, council, ministers, ministersPlus, som, somPlus, workingGroups: { som: [], somPlus: [], council: [] } };
    this.igos[k] = igo;
    return igo;
  }

  private workingGroup(igo: Igo, under: 'som' | 'somPlus' | 'council', source: string): string {
    const pool = igo.workingGroups[under];
    if (pool.length > 0 && !this.rnd.chance(0.25)) return this.rnd.pick(pool);
    const parent = igo[under];
    const subject = this.rnd.pick(SUBJECTS);
    const label = under === 'som' ? `${igo.acronym} DSOM` : under === 'somPlus' ? `${igo.acronym} DSOM-Plus` : `${igo.acronym}-CC`;
    const id = this.uniqueId(`${parent}-wg-${subject.replace(/[^a-z]+/g, '-')}`);
    this.add({ id, collection: 'bodies', type: 'WorkingGroup', source, fields: {
      name: `${label} Working Group on ${subject}`,
      alternateName: { value: `${label} WG-${subject.split(' ').map((w) => w.charAt(0).toUpperCase()).join('')}`, source: 'bodies-background' },
      subOrganizationOf: parent,
    } });
    pool.push(id);
    return id;
  }

  private ministry(country: Country, key: MinistryKey, source: string): Ministry {
    const mk = `${country.id}/${key}`;
    const existing = this.ministries.get(mk);
    if (existing) return existing;
    const def = MINISTRIES.find((m) => m.key === key) ?? MINISTRIES[0];
    const id = this.uniqueId(`${country.id}-${key}-ministry`);
    this.add({ id, collection: 'bodies', type: 'Ministry', source, fields: {
      name: def.name,
      label: `${def.name} of ${country.name}`,
      country: { value: country.id, source: 'ministries-inferred' },
      homepage: this.rnd.chance(0.5) ? { value: `https://${key}.${country.id}.example.gov/`, source: 'verified-identifiers' } : undefined,
    } });
    const m = { id, departments: [] };
    this.ministries.set(mk, m);
    return m;
  }

  private department(ministry: Ministry, source: string): string {
    if (ministry.departments.length > 0 && !this.rnd.chance(0.3)) return this.rnd.pick(ministry.departments);
    const dept = this.rnd.pick(DEPARTMENTS);
    const id = this.uniqueId(`${ministry.id}-${dept.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    this.add({ id, collection: 'bodies', type: 'GovernmentDepartment', source, fields: { name: `General Department of ${dept}`, unitOf: ministry.id } });
    ministry.departments.push(id);
    return id;
  }

  private institute(country: Country, source: string): string {
    let pool = this.institutes.get(country.id);
    if (!pool) {
      const academy = this.add({ id: this.uniqueId(`${country.id}-royal-academy`), collection: 'bodies', type: 'ResearchOrganization', source, fields: {
        name: `Royal Academy of ${country.name}`,
        wikipedia: { value: `https://en.wikipedia.org/wiki/Royal_Academy_of_${country.name.replace(/ /g, '_')}`, source: 'verified-identifiers' },
      } });
      pool = [academy];
      this.institutes.set(country.id, pool);
    }
    if (pool.length > 1 && !this.rnd.chance(0.2)) return this.rnd.pick(pool.slice(1));
    const subject = this.rnd.pick(['International Relations', 'Strategic Studies', 'Regional Security', 'Economic Research', 'History']);
    const id = this.uniqueId(`${country.id}-${subject.toLowerCase().replace(/ /g, '-')}-institute`);
    this.add({ id, collection: 'bodies', type: 'ResearchInstitute', source, fields: {
      name: `${subject} Institute`, label: `${subject} Institute of the Royal Academy of ${country.name}`, unitOf: pool[0],
    } });
    pool.push(id);
    return id;
  }

  private publisher(): string {
    if (this.publishers.length > 0 && !this.rnd.chance(0.08)) return this.rnd.pick(this.publishers);
    const city = this.word(2, 3);
    const name = `The ${city} ${this.rnd.pick(['Post', 'Times', 'Herald', 'Daily', 'Tribune'])}`;
    const id = this.add({ id: this.uniqueId(name.toLowerCase().replace(/ /g, '-')), collection: 'bodies', type: 'NewsPublisher', source: 'verified-identifiers', fields: {
      name, alternateName: name.replace(/^The /, ''),
      wikipedia: { value: `https://en.wikipedia.org/wiki/${name.replace(/ /g, '_')}`, source: 'verified-identifiers' },
    } });
    this.publishers.push(id);
    return id;
  }

  private initiative(): string {
    if (this.initiatives.length > 0 && !this.rnd.chance(0.1)) return this.rnd.pick(this.initiatives);
    const subject = this.rnd.pick(SUBJECTS);
    const name = `${this.word(2, 2)} Initiative on ${subject}`;
    const id = this.add({ id: this.uniqueId(name.toLowerCase().replace(/[^a-z]+/g, '-')), collection: 'bodies', type: 'CooperationInitiative', source: 'bodies-background', fields: {
      name, alternateName: name.split(' ').map((w) => w.charAt(0)).join('').toUpperCase(),
    } });
    this.initiatives.push(id);
    return id;
  }

  private topic(source: string): string {
    if (this.topics.length >= 8 && !this.rnd.chance(0.3)) return this.rnd.pick(this.topics);
    const subject = this.rnd.pick(SUBJECTS);
    const label = `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${this.rnd.pick(['cooperation', 'capacity building', 'information sharing', 'exercises', 'standards', 'mechanisms'])}`;
    const id = this.uniqueId(`topic-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    this.add({ id, collection: 'concepts', type: ['Topic', 'Concept'], source, fields: {
      prefLabel: label, inScheme: 'topic-scheme', broader: this.topics.length > 0 && this.rnd.chance(0.3) ? this.rnd.pick(this.topics) : undefined,
    } });
    this.topics.push(id);
    return id;
  }

  private theme(source: string): string {
    if (this.themes.length > 0 && !this.rnd.chance(0.3)) return this.rnd.pick(this.themes);
    const label = `${this.rnd.pick(THEME_WORDS)} for ${this.rnd.pick(THEME_GOALS)}`;
    const id = this.uniqueId(label.toLowerCase().replace(/[^a-z]+/g, '-'));
    this.add({ id, collection: 'concepts', type: ['Theme', 'Concept'], source, fields: { prefLabel: label, inScheme: 'theme-scheme' } });
    this.themes.push(id);
    return id;
  }

  /** A new person holding a new post in `body`. */
  person(body: string, bodyName: string, role: (typeof ROLES)[number], source: string): Person {
    const name = `${this.rnd.pick(FAMILY)} ${this.rnd.pick(GIVEN)}`;
    const id = this.uniqueId(name.toLowerCase().replace(/ /g, '-'));
    const post = this.uniqueId(`${body}-${role[0]}`);
    this.add({ id: post, collection: 'posts', type: 'Post', source, fields: { label: `${role[1]}, ${bodyName}`, postIn: body, role: `role-${role[0]}` } });
    this.add({ id, collection: 'people', type: 'Person', source, fields: { name, holds: post, jobTitle: `${role[1]}, ${bodyName}` } });
    const p = { id, name };
    this.people.push(p);
    return p;
  }

  private role(key: string): (typeof ROLES)[number] {
    return ROLES.find((r) => r[0] === key) ?? ROLES[0];
  }

  /** One news article and everything it reports. */
  story(): void {
    const n = ++this.stories;
    const rnd = this.rnd;
    // A new organisation (with its own member states and partners) joins every 400 stories, up to six.
    const igo = this.igo(rnd.int(0, Math.min(Math.floor((n - 1) / 400), 5)));
    const host = rnd.pick(igo.members);
    const year = 2005 + (n % 20);
    const month = rnd.int(1, 12);
    const day = rnd.int(1, 27);
    const date = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(day + d).padStart(2, '0')}`;
    const slug = `${igo.acronym.toLowerCase()}-${host.id}-${year}-${n}`;
    const article = `article-${slug}`;
    const release = `press-release-${slug}`;
    const post = rnd.chance(0.5) ? `social-media-post-${slug}` : undefined;
    const yearInferred = `year-inferred-${slug}`;
    const bg = (v: string, source: string): Val => ({ value: v, source });
    const defence = this.ministry(host, 'defence', article);
    const foreign = this.ministry(host, 'foreign', article);
    const department = this.department(defence, article);

    // people: the chair of the working-group meetings, the senior official, an expert
    const chair = this.people.length > 20 && rnd.chance(0.3) ? rnd.pick(this.people) : this.person(department, 'General Department', this.role('deputy-head'), article);
    const official = this.person(foreign.id, `${MINISTRIES[1].name} of ${host.name}`, this.role(rnd.chance(0.5) ? 'secretary-of-state' : 'senior-official'), article);
    const expert = this.person(this.institute(host, article), 'Institute', this.role(rnd.chance(0.7) ? 'director' : 'researcher'), article);
    for (let i = rnd.int(0, 2); i > 0; i--) this.person(this.department(defence, release), 'General Department', this.role(rnd.pick(['spokesperson', 'director', 'deputy-head'])), release);

    // meetings
    const topics = Array.from({ length: rnd.int(3, 6) }, () => this.topic(article));
    const uniqTopics = [...new Set(topics)];
    const theme = this.theme(article);
    const group = `wg-meetings-${slug}`;
    const wgs = [this.workingGroup(igo, 'som', article), this.workingGroup(igo, 'somPlus', article)];
    const mode = rnd.pick(['schema:OnlineEventAttendanceMode', 'schema:OfflineEventAttendanceMode', 'schema:MixedEventAttendanceMode']);
    wgs.forEach((wg, i) => {
      this.add({ id: `${i === 0 ? 'dsom-wg' : 'dsom-plus-wg'}-meeting-${slug}`, collection: 'meetings', type: 'WorkingGroupMeeting', source: article, fields: {
        name: `${i === 0 ? `${igo.acronym} DSOM` : `${igo.acronym} DSOM-Plus`} Working Group meeting, ${date(0)}`,
        alternateName: `${i === 0 ? 'DSOM' : 'DSOM-Plus'} WG meeting`,
        meetingOf: wg, attendanceMode: mode, organizer: department, chairedBy: chair.id, theme, superEvent: group,
        note: 'Its own date is not given separately: the article dates the pair of meetings together.',
      } });
    });
    const others = [...igo.members.filter((c) => c !== host).map((c) => bg(c.id, igo.membersBackground)), ...igo.partners.map((c) => bg(c.id, igo.partnersBackground))];
    this.add({ id: group, collection: 'meetings', type: 'MeetingGroup', source: article, fields: {
      name: `${igo.acronym} DSOM WG and ${igo.acronym} DSOM-Plus WG meetings of ${date(0)}`,
      description: `The two working-group meetings of ${igo.acronym} defence senior officials, held over two days and hosted by ${host.name}.`,
      startDate: bg(date(0), yearInferred), endDate: bg(date(1), yearInferred),
      attendee: igo.secretariat,
      participatingCountry: [host.id, ...others],
      about: uniqTopics.map((t, i) => (i % 2 === 0 ? t : bg(t, release))),
    } });
    const som = `som-${slug}`;
    this.add({ id: som, collection: 'meetings', type: 'SeniorOfficialsMeeting', source: article, fields: {
      name: `Joint consultative senior officials' meeting of ${date(0)}`,
      startDate: bg(date(0), yearInferred), chairedBy: official.id,
      about: rnd.sample(uniqTopics, 2).map((t) => (post ? bg(t, post) : t)),
    } });
    if (rnd.chance(0.4)) {
      this.add({ id: `health-wg-meeting-${slug}`, collection: 'meetings', type: 'WorkingGroupMeeting', source: article, fields: {
        name: `Meeting of the ${igo.acronym}-CC Working Group (before the senior officials' meeting of ${date(0)})`,
        meetingOf: this.workingGroup(igo, 'council', article), chairedBy: official.id, tookPlaceBefore: som, about: rnd.pick(uniqTopics),
      } });
    }
    if (rnd.chance(0.5)) {
      this.add({ id: `briefing-${slug}`, collection: 'meetings', type: 'Briefing', source: article, fields: {
        name: `Briefing on the deliverables of ${host.name} for ${year}`,
        briefingAt: som,
        briefedBy: [this.ministry(host, 'education', article).id, this.ministry(host, 'commerce', article).id],
        about: rnd.sample(uniqTopics, 2),
      } });
    }
    let ministerial: string | undefined;
    let retreat: string | undefined;
    if (rnd.chance(0.5)) {
      ministerial = this.add({ id: `informal-dmm-${slug}`, collection: 'meetings', type: 'MinisterialMeeting', source: release, fields: {
        name: `Informal meeting of ${igo.acronym} and ${igo.acronym} Plus defence ministers (planned for ${year + 1})`,
        eventStatus: 'schema:EventScheduled', plannedYear: year + 1,
      } });
      retreat = this.add({ id: `informal-dmm-retreat-${slug}`, collection: 'meetings', type: 'Retreat', source: release, fields: {
        name: `Retreat accompanying the informal ministers' meeting of ${year + 1}`, superEvent: ministerial, eventStatus: 'schema:EventScheduled',
      } });
    }

    // documents and decisions
    const outcomes = '$The article reports these outcomes for both working-group meetings together and does not say which of the two took them.'.slice(1);
    for (let i = rnd.int(2, 4); i > 0; i--) {
      const kind = rnd.pick(['ConceptPaper', 'ConceptPaper', 'DiscussionPaper']);
      const about = rnd.sample(uniqTopics, rnd.int(1, 3));
      const by = rnd.chance(0.7) ? host : rnd.pick(igo.members);
      const doc = `${kind === 'ConceptPaper' ? 'concept-paper' : 'discussion-paper'}-${i}-${slug}`;
      const linked = kind === 'DiscussionPaper' && rnd.chance(0.5);
      this.add({ id: doc, collection: 'documents', type: kind, source: release, fields: {
        name: `${kind === 'ConceptPaper' ? 'Concept paper' : 'Discussion paper'} on ${rnd.pick(SUBJECTS)}`,
        initiatedBy: by.id,
        proposesLinkBetween: linked ? [this.initiative(), igo.somPlus] : undefined,
        about,
        description: `Put forward by ${by.name} to further defence cooperation between the member states.`,
      } });
      this.add({ id: `approval-${doc}`, collection: 'decisions', type: 'Approval', source: release, fields: {
        label: `Approval of the ${kind === 'ConceptPaper' ? 'concept paper' : 'discussion paper'} ${i} of ${date(0)}`, decidedAt: group, object: doc, note: outcomes,
      } });
    }
    if (rnd.chance(0.3)) {
      const draft = this.add({ id: `draft-joint-declaration-${slug}`, collection: 'documents', type: 'DraftJointDeclaration', source: release, fields: {
        name: `Draft ${igo.acronym} Defence Ministers' Joint Declaration of ${year + 1}`, declarationOf: bg(igo.ministers, 'bodies-background'), about: rnd.pick(uniqTopics),
      } });
      this.add({ id: `approval-${draft}`, collection: 'decisions', type: 'Approval', source: release, fields: { label: `Approval of the draft joint declaration of ${year + 1}`, decidedAt: group, object: draft } });
    }
    for (let i = rnd.int(1, 2); i > 0; i--) {
      this.add({ id: `pledge-${i}-${slug}`, collection: 'decisions', type: 'Pledge', source: article, fields: {
        label: `Pledge to promote ${rnd.pick(SUBJECTS)}`,
        description: 'The senior defence officials undertook to advance cooperation on this topic.',
        decidedAt: group,
        agent: [bg(host.id, igo.membersBackground), ...others],
        about: rnd.pick(uniqTopics),
        note: outcomes,
      } });
    }
    if (ministerial && retreat) {
      const parts = [ministerial, retreat].map((target, i) => this.add({
        id: `selection-${i === 0 ? 'meeting' : 'retreat'}-${slug}`, collection: 'decisions', type: 'SelectionDecision', source: release,
        fields: { label: `Selection of two countries for the ${i === 0 ? 'informal meeting' : 'retreat'}`, decidedAt: group, numberToSelect: 2, selectionFor: target },
      }));
      const selection = this.add({ id: `selection-four-${slug}`, collection: 'decisions', type: 'SelectionDecision', source: release, fields: {
        label: 'Decision to select four countries in connection with the planned informal ministers\' meeting', decidedAt: group, numberToSelect: 4, hasPart: parts,
      } });
      this.add({ id: `approval-preparations-${slug}`, collection: 'decisions', type: 'Approval', source: release, fields: {
        label: 'Approval of the preparations for the planned informal ministers\' meeting', decidedAt: group, object: ministerial, hasPart: selection, note: outcomes,
      } });
    }

    // statements
    const publisher = this.publisher();
    this.add({ id: `quotation-${slug}`, collection: 'statements', type: 'Quotation', source: article, fields: {
      paraphrase: `Working together on ${rnd.pick(SUBJECTS)} matters for every country of the region.`,
      description: 'A direct quotation; the exact wording is printed in the article and only paraphrased here.',
      about: rnd.pick(uniqTopics), attributedTo: expert.id, spokenBy: expert.id,
      statedTo: publisher, dateStated: bg(date(1), yearInferred), reportedIn: article,
    } });
    for (let i = rnd.int(1, 2); i > 0; i--) {
      this.add({ id: `statement-${i}-${slug}`, collection: 'statements', type: 'ReportedStatement', source: article, fields: {
        paraphrase: `Progress on ${rnd.pick(SUBJECTS)} depends on sharing experience between the member states.`,
        description: 'Reported in indirect speech by the article.',
        about: rnd.pick(uniqTopics), attributedTo: expert.id, spokenBy: expert.id,
        statedTo: publisher, dateStated: bg(date(1), yearInferred), reportedIn: article,
      } });
    }

    // sources and provenance
    this.add({ id: article, collection: 'sources', type: 'NewsArticle', source: article, fields: {
      label: `News report on the working-group meetings of ${igo.acronym} defence senior officials hosted by ${host.name} (${date(1)})`,
      publisher,
      earliestPublicationDate: bg(date(1), yearInferred),
      quotes: post ? [release, post] : release,
      about: [group, som],
      correction: rnd.chance(0.3) ? ["Corrected 'propsed' to 'proposed'", "Corrected 'seperate' to 'separate'"] : undefined,
      note: 'The curators hold only the text of this article; its headline and exact publication date are unknown.',
    } });
    this.add({ id: release, collection: 'sources', type: 'PressRelease', source: article, fields: {
      label: `Press release of the defence ministry of ${host.name} on the working-group meetings (${date(1)})`,
      publisher: defence.id, datePublished: bg(date(1), yearInferred), reportedIn: article,
      note: 'Known only through the news article, which quotes one sentence of it and summarises the rest.',
    } });
    if (post) {
      this.add({ id: post, collection: 'sources', type: 'SocialMediaPost', source: article, fields: {
        label: `Social-media post by the foreign ministry of ${host.name} on the senior officials' meeting (${date(1)})`,
        publisher: foreign.id, datePublished: bg(date(1), yearInferred), reportedIn: article,
      } });
    }
    this.add({ id: yearInferred, collection: 'provenance', type: 'Inference', source: yearInferred, fields: {
      label: `Inference: the undated meetings of article ${n} belong to ${year}`,
      reason: `The article gives days and months but never a year; the host's chairmanship and the plans it mentions place the meetings in ${year}.`,
      basedOn: article,
    } });
  }

  /** A small top-up: one more official named by the latest article. */
  extraPerson(): void {
    const igo = this.igo(0);
    const host = this.rnd.pick(igo.members);
    const source = this.stories > 0 ? this.records.findLast((r) => r.collection === 'sources' && r.type === 'NewsArticle')?.id ?? 'bodies-background' : 'bodies-background';
    const ministry = this.ministry(host, this.rnd.pick(['defence', 'foreign', 'health'] as const), source);
    this.person(ministry.id, `Ministry of ${host.name}`, this.role(this.rnd.pick(['spokesperson', 'director', 'minister'])), source);
  }
}

// ---------------------------------------------------------------------------------------------

export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  const realData = options.realDataDir ?? REAL_DATA_DIR;
  const ontologyDir = options.ontologyDir ?? ONTOLOGY_DIR;
  const context = await readContext(realData);
  const ontologyText = await readFile(join(ontologyDir, 'asean-kg.ttl'), 'utf8');
  const ontology = new Parser({ format: 'Turtle' }).parse(ontologyText);
  const ontologyTriples = new Set(ontology.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value} ${q.object.termType === 'Literal' ? q.object.datatype.value + q.object.language : ''}`)).size;
  const estimate = new Estimator(context, rulesFrom([...ontology, ...(await vocabularyAxioms())]), ontologyTriples);
  const world = new World(new Random(rngFrom(options.seed ?? 1)), estimate);
  let storySize = 0;
  while (world.stories === 0 || estimate.total + storySize / 2 < options.triples) {
    const before = estimate.total;
    world.story();
    storySize = estimate.total - before;
  }
  while (estimate.total < options.triples - 6) world.extraPerson();

  const dir = resolve(options.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(join(realData, 'context.yaml'), join(dir, 'context.yaml'));
  await copyFile(join(realData, 'dataset.yaml'), join(dir, 'dataset.yaml'));
  const byCollection = new Map<string, Rec[]>();
  for (const r of world.records) {
    if (!byCollection.has(r.collection)) byCollection.set(r.collection, []);
    byCollection.get(r.collection)?.push(r);
  }
  let files = 0;
  let bytes = 0;
  for (const [collection, records] of [...byCollection].sort(([a], [b]) => a.localeCompare(b))) {
    await mkdir(join(dir, collection), { recursive: true });
    let chunk: string[] = [];
    let chunkBytes = 0;
    let part = 0;
    let first = '';
    const flush = async () => {
      if (chunk.length === 0) return;
      const name = chunk.length === 1 ? `${first}.yaml` : `${collection}-${String(++part).padStart(4, '0')}.yaml`;
      files++;
      const text = chunk.join('---\n');
      bytes += Buffer.byteLength(text);
      await writeFile(join(dir, collection, name), text);
      chunk = [];
      chunkBytes = 0;
    };
    for (const r of records) {
      const text = toYaml(r);
      if (chunk.length >= MAX_FILE_RECORDS || chunkBytes + text.length > MAX_FILE_BYTES) await flush();
      if (chunk.length === 0) first = r.id;
      chunk.push(text);
      chunkBytes += Buffer.byteLength(text);
    }
    await flush();
  }
  return { dir, ontologyDir, records: world.records.length, files, bytes, stories: world.stories, estimatedTriples: estimate.total };
}

/** The vocabularies' own property axioms that the build adds to the ontology's rules, if it does. */
async function vocabularyAxioms(): Promise<readonly Quad[]> {
  const terms: object = await knownTerms();
  return 'propertyAxioms' in terms ? (terms.propertyAxioms as readonly Quad[]) : [];
}

/** "10k" → 10000, "1m" → 1000000, "2500" → 2500. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${JSON.stringify(text)} (write e.g. 10000, 10k or 1m)`);
  const unit = (m[2] ?? '').toLowerCase();
  return Math.round(Number(m[1]) * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1));
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('out');
  const triples = arg('triples');
  if (!out || !triples) {
    console.error('usage: npx tsx bench/generate.ts --triples <n|10k|1m> --out <dir> [--seed <n>]');
    process.exit(2);
  }
  const started = performance.now();
  const result = await generateDataset({ dir: out, triples: parseSize(triples), seed: Number(arg('seed') ?? 1) });
  console.log(`${result.dir}: ${result.records} records in ${result.files} files (${(result.bytes / 1e6).toFixed(1)} MB), ${result.stories} stories, ~${result.estimatedTriples} triples, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`build it with ontology ${result.ontologyDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main(process.argv.slice(2));
