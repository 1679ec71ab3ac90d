// The sources of the data in this database, as /v1/sources, GraphQL and the exports' Data
// Package describe them: what each is, the file it was last read from, and what that did.
import { sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { attributionOf, LICENCE_OUVERTE, missingCredentials, SOURCE_CATALOGUE, type SourceDescription } from './catalogue.js'

export interface Source {
  /** The source's name (`npm run refresh -- <nom>`), when it can be refreshed. */
  nom: string | null
  title: string
  path: string
  producteur: string
  /** The attribution to print when reusing the data (Licence Ouverte 2.0). */
  attribution: string
  licence: typeof LICENCE_OUVERTE
  /** Date of the data: the file's own date when known, else the latest record's. */
  date: string | null
  /** The file last applied, as its publisher named it; where it was read from; its date. */
  fichier: string | null
  url: string | null
  date_fichier: string | null
  date_telechargement: string | null
  /** When this database last applied it. */
  date_chargement: string | null
  /** Rows it holds now (lieux for an office source), open ones. */
  lignes: number
  lieux_ouverts: number | null
  /** What the last refresh did (added, updated, closed…); empty for a load from the data folder. */
  comptes: Record<string, unknown>
  fait_foi: string | null
  /** Why the source is not read here (its API's credentials are not set), or null. */
  indisponible: string | null
}

/** Lieux sources that no publisher refreshes (a benchmark's synthetic rows, a re-imported package). */
const OTHER_SOURCES: Record<string, { title: string; producteur: string; path: string }> = {
  synthetique: {
    title: 'Données synthétiques de banc d’essai (ne décrivent aucun lieu réel)',
    producteur: 'Projet API AIO (script de benchmark)',
    path: 'scripts/bench/synthetic.ts'
  },
  package: { title: "Paquet d'exports de cette API, réimporté", producteur: 'Projet API AIO', path: '/v1/exports' }
}

const GLOSSARY = {
  title: 'Glossaire AIO (types, missions, publics, besoins), établi par le projet à partir du rapport de l’atelier AIO',
  producteur: 'Projet API AIO',
  path: 'seeds/',
  jeu: 'glossaire'
}

interface Load {
  jeu: string
  lignes: number
  date_chargement: string
  fichier: string | null
  url: string | null
  date_fichier: string | null
  date_telechargement: string | null
  comptes: Record<string, unknown>
}

const iso = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`)

/**
 * `env`: the process's settings, when the answer should also name the sources its API's missing
 * credentials keep out (/v1/sources); the exports' Data Package lists only the sources of its data.
 */
export async function sourcesOf(handle: DatabaseHandle, env?: Record<string, string | undefined>): Promise<Source[]> {
  const lieux = await handle.rows<{ source: string; lignes: number; ouverts: number; date: string | null }>(sql`SELECT source,
      count(*)::int AS lignes, (count(*) FILTER (WHERE statut = 'actif'))::int AS ouverts, max(date_maj)::text AS date
      FROM lieux GROUP BY source ORDER BY source`)
  const loads = await handle.rows<Load>(sql`SELECT jeu, lignes, ${iso('date_chargement')} AS date_chargement, fichier, url,
      ${iso('date_fichier')} AS date_fichier, ${iso('date_telechargement')} AS date_telechargement, comptes FROM chargements`)
  const loaded = new Map(loads.map((l) => [l.jeu, l]))
  const counted = new Map(lieux.map((l) => [l.source, l]))

  const described = (d: SourceDescription): Source | null => {
    const load = loaded.get(d.jeu)
    const rows = d.source_lieux ? counted.get(d.source_lieux) : undefined
    const missing = env ? missingCredentials(d, env) : []
    if (!load && !rows && missing.length === 0) return null
    const fileDate = load?.date_fichier?.slice(0, 10) ?? null
    const date = fileDate ?? rows?.date ?? load?.date_chargement.slice(0, 10) ?? null
    return {
      nom: d.nom, title: d.titre, path: d.page, producteur: d.producteur,
      attribution: load?.fichier
        ? attributionOf(d, { fichier: load.fichier, date: fileDate, url: load.url })
        : `${d.producteur}${date ? `, données au ${date}` : ''}`,
      licence: d.licence, date,
      // A local path (a refresh --from a file) is the server's business, not the public's.
      fichier: load?.fichier ?? null, url: load?.url && /^https?:\/\//.test(load.url) ? load.url : null, date_fichier: load?.date_fichier ?? null,
      date_telechargement: load?.date_telechargement ?? null, date_chargement: load?.date_chargement ?? null,
      lignes: rows?.lignes ?? load?.lignes ?? 0, lieux_ouverts: d.source_lieux ? (rows?.ouverts ?? 0) : null,
      comptes: load?.comptes ?? {}, fait_foi: d.fait_foi,
      indisponible: missing.length > 0 ? `Non lue ici : ${missing.join(' et ')} ${missing.length > 1 ? 'ne sont pas définis' : "n'est pas défini"} (identifiants de son API).` : null
    }
  }
  const known = new Set(SOURCE_CATALOGUE.map((d) => d.source_lieux))
  const others = lieux.filter((l) => !known.has(l.source)).map((l): Source => {
    const d = OTHER_SOURCES[l.source] ?? { title: l.source, producteur: l.source, path: '' }
    return {
      nom: null, ...d, attribution: `${d.producteur}${l.date ? `, données au ${l.date}` : ''}`, licence: LICENCE_OUVERTE, date: l.date,
      fichier: null, url: null, date_fichier: null, date_telechargement: null, date_chargement: null, lignes: l.lignes, lieux_ouverts: l.ouverts,
      comptes: {}, fait_foi: null, indisponible: null
    }
  })
  const glossary = loaded.get(GLOSSARY.jeu)
  const glossaryDate = glossary?.date_chargement.slice(0, 10) ?? null
  return [
    ...SOURCE_CATALOGUE.map(described).filter((s): s is Source => s !== null),
    ...others,
    {
      nom: null, title: GLOSSARY.title, path: GLOSSARY.path, producteur: GLOSSARY.producteur,
      attribution: `${GLOSSARY.producteur}${glossaryDate ? `, données au ${glossaryDate}` : ''}`, licence: LICENCE_OUVERTE, date: glossaryDate,
      fichier: null, url: null, date_fichier: null, date_telechargement: null, date_chargement: glossary?.date_chargement ?? null,
      lignes: glossary?.lignes ?? 0, lieux_ouverts: null, comptes: {}, fait_foi: null, indisponible: null
    }
  ]
}
