// data·inclusion's structures (schema v1), for the AIO networks no other source lists: BGE,
// Écoles de la deuxième chance, PLIE. The networks the DILA's directory lists (Missions locales,
// France Travail, Cap emploi, CIDFF…) are left to it, so that one office stays one lieu. Each
// structure is a lieu of its own; the snapshot replaces the previous one as the DILA's does.
import { createReadStream, readFileSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Database } from '../../db/client.js'
import { types } from '../../db/schema.js'
import { validOpeningHours } from '../../modules/opening/validate.js'
import { type LieuRow, recordOutrankedSourceValues, type StructureRow, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { normalizeEmail, normalizePhone, normalizeUrl } from '../../modules/sites/normalize.js'
import { importContext, type ImportSummary } from '../common/report.js'
import { closeAbsent, inSnapshotTransaction, openLieux } from '../common/snapshot.js'
import type { ApplyOptions } from '../dila/import-export.js'
import { DILA_AIO_TYPES } from '../dila/types.js'

export const DATA_INCLUSION_SOURCE = 'data-inclusion'

/** A structure as data·inclusion v1 publishes it (structure.json): the fields read here. */
export interface DiStructure {
  source?: string
  id?: string
  nom?: string
  siret?: string | null
  adresse?: string | null
  complement_adresse?: string | null
  code_postal?: string | null
  code_insee?: string | null
  commune?: string | null
  latitude?: number | null
  longitude?: number | null
  telephone?: string | null
  courriel?: string | null
  site_web?: string | null
  horaires_accueil?: string | null
  date_maj?: string | null
  reseaux_porteurs?: string[] | null
}

export type DataInclusionSummary = ImportSummary & { fermes: number; hors_aio: number; laisses_a_la_dila: number; dry_run: boolean; valeurs_source: number }

/** The structures of a file: one a line (NDJSON, as the API's pages are kept), or a JSON list or `{ "items": [...] }`. */
async function* structuresOf(file: string): AsyncGenerator<DiStructure> {
  if (/\.(ndjson|jsonl)$/.test(file)) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (line.trim() === '') continue
      try {
        yield JSON.parse(line) as DiStructure
      } catch (error) {
        throw new Error(`${path.basename(file)}: a line is not valid JSON (${(error as Error).message}): truncated?`)
      }
    }
    return
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${path.basename(file)} is not valid JSON: ${(error as Error).message}`)
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown }).items
  if (!Array.isArray(list)) throw new Error(`${path.basename(file)} is neither a list of structures nor a page with "items"`)
  yield* list as DiStructure[]
}

/** Networks the DILA's directory lists: read from it, not from here. */
const DILA_TYPES = new Set([...Object.values(DILA_AIO_TYPES).filter((t): t is string => typeof t === 'string'), 'crij', 'bij', 'pij', 'me', 'mef'])

export async function importDataInclusion(db: Database, file: string, options: ApplyOptions = {}): Promise<DataInclusionSummary> {
  const glossary = await db.select({ code: types.code, statut: types.statut, correspondances: types.correspondances }).from(types)
  // data·inclusion's network → the one active type it stands for here (a network shared by two types, the chambres consulaires, is not read).
  const byNetwork = new Map<string, string[]>()
  for (const t of glossary.filter((g) => g.statut === 'actif' && g.correspondances.di_reseau_porteur)) {
    byNetwork.set(t.correspondances.di_reseau_porteur!, [...(byNetwork.get(t.correspondances.di_reseau_porteur!) ?? []), t.code])
  }
  const context = await importContext(db, DATA_INCLUSION_SOURCE, 0)
  const summary: DataInclusionSummary = Object.assign(context.summary, { fermes: 0, hors_aio: 0, laisses_a_la_dila: 0, dry_run: options.dryRun === true, valeurs_source: 0 })
  const lieuRows = new Map<string, LieuRow>()
  const structureRows: StructureRow[] = []
  for await (const s of structuresOf(file)) {
    summary.lus++
    const candidates = [...new Set((s.reseaux_porteurs ?? []).flatMap((r) => byNetwork.get(r) ?? []))]
    const type = candidates.length === 1 ? candidates[0]! : null
    if (!type) {
      summary.hors_aio++
      continue
    }
    if (DILA_TYPES.has(type)) {
      summary.laisses_a_la_dila++
      continue
    }
    if (!s.source || !s.id || !s.nom?.trim()) {
      context.reject('source, identifiant ou nom manquant')
      continue
    }
    const sourceId = `${s.source}:${s.id}`
    if (lieuRows.has(sourceId)) {
      context.reject('doublon dans la source')
      continue
    }
    const codeInsee = context.communeCode(s.code_insee ?? undefined)
    const placed = context.place([[s.longitude ?? undefined, s.latitude ?? undefined]], codeInsee, sourceId)
    if (!placed) continue
    const id = `di-${s.source}-${s.id}`.replace(/[^A-Za-z0-9_.:-]/g, '-')
    const dateMaj = /^\d{4}-\d{2}-\d{2}/.test(s.date_maj ?? '') ? s.date_maj!.slice(0, 10) : null
    const siteWeb = context.clean('site_web', s.site_web ?? undefined, normalizeUrl)
    const horaires = s.horaires_accueil ? validOpeningHours(s.horaires_accueil) : null
    if (s.horaires_accueil && horaires === null) summary.valeurs_ecartees.horaires_accueil = (summary.valeurs_ecartees.horaires_accueil ?? 0) + 1
    structureRows.push({ id, nom: s.nom.trim(), type, siret: /^\d{14}$/.test(s.siret ?? '') ? s.siret! : null, site_web: siteWeb, source: DATA_INCLUSION_SOURCE, date_maj: dateMaj })
    lieuRows.set(sourceId, {
      id, structure: id, type, type_origine: null, nom: s.nom.trim(), adresse: s.adresse?.trim() || null,
      complement_adresse: s.complement_adresse?.trim() || null, code_postal: /^\d{5}$/.test(s.code_postal ?? '') ? s.code_postal! : null,
      commune: s.commune?.trim() || null, code_insee: codeInsee, position: placed.position, precision_position: placed.precision,
      telephone: context.clean('telephone', s.telephone ?? undefined, (v) => normalizePhone(v, codeInsee)),
      courriel: context.clean('courriel', s.courriel ?? undefined, normalizeEmail), site_web: siteWeb, horaires_accueil: horaires,
      accessibilite: null, modes_accueil: ['en-presentiel'], source: DATA_INCLUSION_SOURCE, source_id: sourceId, date_maj: dateMaj, statut: 'actif'
    })
    context.kept(type)
  }
  summary.ignores = summary.hors_aio + summary.laisses_a_la_dila
  const rows = [...lieuRows.values()]
  await inSnapshotTransaction(db, DATA_INCLUSION_SOURCE, options.dryRun, async (tx) => {
    const openBefore = await openLieux(tx, DATA_INCLUSION_SOURCE)
    await upsertStructures(tx, structureRows, DATA_INCLUSION_SOURCE)
    summary.valeurs_source = await recordOutrankedSourceValues(tx, rows, DATA_INCLUSION_SOURCE)
    Object.assign(summary, await upsertLieux(tx, rows, DATA_INCLUSION_SOURCE, (done) => options.progress?.('lieux data·inclusion', done, rows.length)))
    summary.fermes = await closeAbsent(tx, DATA_INCLUSION_SOURCE, rows.map((r) => r.source_id), {
      acceptRemovals: options.acceptRemovals === true, motif: 'absent de data·inclusion', label: 'data·inclusion', openBefore
    })
    await context.saveCorrections(tx)
    await options.onApplied?.(tx, summary as never)
  })
  return summary
}
