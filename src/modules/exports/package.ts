// The published descriptions of the exports: a Table Schema per CSV (Frictionless, as
// schema.data.gouv.fr publishes them) and the Data Package that lists the files, their
// licence and their sources with attribution and date.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { projectRoot } from '../../config.js'
import type { DatabaseHandle } from '../../db/client.js'
import { type Dataset, type ExportFormat, mediaTypeOf } from './datasets.js'

const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }

export const LICENCE = {
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/'
}

export function tableSchemaOf(dataset: Dataset) {
  return {
    $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
    name: `aio-${dataset.name}`,
    title: dataset.title,
    description: dataset.description,
    countryCode: 'FR',
    version,
    licenses: [LICENCE],
    missingValues: [''],
    fields: dataset.fields.map((f) => ({
      name: f.name,
      title: f.title,
      description: f.description,
      type: f.type,
      format: f.format ?? 'default',
      example: f.example,
      ...(f.constraints ? { constraints: f.constraints } : {})
    })),
    primaryKey: dataset.primaryKey,
    ...(dataset.foreignKeys ? { foreignKeys: dataset.foreignKeys } : {})
  }
}

export type TableSchema = ReturnType<typeof tableSchemaOf>

/** Where each source of the data comes from, who produces it, and under which licence. */
const SOURCE_DESCRIPTIONS: Record<string, { title: string; producteur: string; path: string }> = {
  dila: {
    title: "Annuaire de l'administration : base de données locales de Service-Public.fr",
    producteur: "Direction de l'information légale et administrative (DILA)",
    path: 'https://www.data.gouv.fr/fr/datasets/service-public-fr-annuaire-de-l-administration-base-de-donnees-locales/'
  },
  'annuaire-education': {
    title: "Annuaire de l'éducation",
    producteur: "Ministère de l'Éducation nationale",
    path: 'https://www.data.gouv.fr/fr/datasets/annuaire-de-leducation/'
  },
  'anct-france-services': {
    title: 'Liste des structures France services',
    producteur: 'Agence nationale de la cohésion des territoires (ANCT)',
    path: 'https://www.data.gouv.fr/fr/datasets/liste-des-structures-france-services/'
  },
  synthetique: {
    title: 'Données synthétiques de banc d’essai (ne décrivent aucun lieu réel)',
    producteur: 'Projet API AIO (script de benchmark)',
    path: 'scripts/bench/synthetic.ts'
  }
}

const REFERENCE_SOURCES = [
  {
    title: 'Code officiel géographique et découpage administratif (communes, EPCI, départements, régions)',
    producteur: 'INSEE ; Etalab (@etalab/decoupage-administratif)',
    path: 'https://github.com/etalab/decoupage-administratif',
    jeu: 'territoires'
  },
  {
    title: 'Glossaire AIO (types, missions, publics, besoins), établi par le projet à partir du rapport de l’atelier AIO',
    producteur: 'Projet API AIO',
    path: 'seeds/',
    jeu: 'glossaire'
  }
]

export interface Source {
  title: string
  path: string
  producteur: string
  /** The attribution to print when reusing the data (Licence Ouverte 2.0). */
  attribution: string
  /** Date of the data: the latest record of the source. */
  date: string | null
  /** When this database last loaded it. */
  date_chargement: string | null
  lignes: number
}

/** The sources of the data in this database, each with its attribution and date. */
export async function sourcesOf(handle: DatabaseHandle): Promise<Source[]> {
  const lieux = await handle.rows<{ source: string; lignes: number; date: string | null }>(sql`SELECT source,
      count(*)::int AS lignes, max(date_maj)::text AS date FROM lieux GROUP BY source ORDER BY source`)
  const loads = await handle.rows<{ jeu: string; lignes: number; date_chargement: string }>(sql`SELECT jeu, lignes,
      to_char(date_chargement AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS date_chargement FROM chargements`)
  const loaded = new Map(loads.map((l) => [l.jeu, l]))
  const attribution = (producteur: string, date: string | null) => `${producteur}${date ? `, données au ${date}` : ''}`
  return [
    ...lieux.map((l) => {
      const described = SOURCE_DESCRIPTIONS[l.source] ?? { title: l.source, producteur: l.source, path: '' }
      return {
        ...described,
        attribution: attribution(described.producteur, l.date),
        date: l.date,
        date_chargement: loaded.get(l.source)?.date_chargement ?? null,
        lignes: l.lignes
      }
    }),
    ...REFERENCE_SOURCES.map(({ jeu, ...described }) => {
      const load = loaded.get(jeu)
      const date = load?.date_chargement.slice(0, 10) ?? null
      return { ...described, attribution: attribution(described.producteur, date), date, date_chargement: load?.date_chargement ?? null, lignes: load?.lignes ?? 0 }
    })
  ]
}

/** One file of the package, as the catalogue and the Data Package describe it. */
export interface ExportResource {
  dataset: Dataset
  format: ExportFormat
  rows: number
  bytes: number
  /** `sha256:<hex>` (Data Package notation). */
  hash: string
  lastModified: Date
  /** The file's HTTP ETag (its revision). */
  etag: string
}

/** Resource names: the CSV takes the dataset's (foreign keys name it), others add the format. */
export const resourceName = (r: { dataset: Dataset; format: ExportFormat }) =>
  r.format === 'csv' ? r.dataset.name : `${r.dataset.name}-${r.format}`

export function dataPackage(options: {
  resources: ExportResource[]
  sources: Source[]
  /** Where a resource's file is: a relative path in a folder, a URL over HTTP. */
  pathOf: (r: ExportResource) => string
  schemaPathOf: (dataset: Dataset) => string
  created: Date
}) {
  return {
    profile: 'data-package',
    name: 'aio-accueil-information-orientation',
    title: "Réseau AIO : lieux d'accueil, d'information et d'orientation, et glossaire des structures",
    description:
      "Les structures de l'accueil, de l'information et de l'orientation (CIO, missions locales, APEC, CIDFF, France Travail, " +
      'Information jeunesse…), leurs lieux d’accueil géolocalisés, et le glossaire des types, missions, publics et besoins.',
    version,
    created: options.created.toISOString(),
    licenses: [LICENCE],
    sources: options.sources,
    resources: options.resources.map((r) => ({
      name: resourceName(r),
      path: options.pathOf(r),
      title: r.dataset.title,
      description: r.dataset.description,
      format: r.format,
      mediatype: mediaTypeOf(r.format),
      encoding: 'utf-8',
      bytes: r.bytes,
      hash: r.hash,
      rows: r.rows,
      last_modified: r.lastModified.toISOString(),
      ...(r.format === 'csv'
        ? {
            profile: 'tabular-data-resource',
            schema: options.schemaPathOf(r.dataset),
            dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true }
          }
        : {})
    }))
  }
}
