// Offices of the export that another source now holds: left to it (counted, not written), the
// directory's zone still given to them. Two cases beside the former keys keepFormerIds follows:
// a lieu this source created (`dila-<UUID>`) that a fresher source has since taken over, and a
// new record of a France Travail agency that France Travail's referential already holds (it was
// read first): the directory's record is that agency, not a second lieu of it.
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../db/client.js'
import type { LieuRow, Tx } from '../../modules/sites/lieux-writer.js'
import { FRANCE_TRAVAIL_SOURCE, FRANCE_TRAVAIL_TYPE } from '../france-travail/map.js'
import { type AgencyPlace, pairAgencies } from '../france-travail/same-agency.js'
import { DILA_SOURCE } from './import-2017.js'

interface Office { lieu: LieuRow; takenOver?: boolean }

export async function leaveToOtherSources(tx: Tx, offices: Office[]): Promise<void> {
  const mine = offices.filter((o) => !o.takenOver)
  const existing = new Map(rowsOf<{ id: string; source: string }>(await tx.execute(sql`SELECT id, source FROM lieux
    WHERE id = ANY(${sql.param(mine.map((o) => o.lieu.id))}::text[])`)).map((r) => [r.id, r.source]))
  for (const office of mine) {
    const holder = existing.get(office.lieu.id)
    if (holder !== undefined && holder !== DILA_SOURCE) office.takenOver = true
  }
  const fresh = mine.filter((o) => !o.takenOver && o.lieu.type === FRANCE_TRAVAIL_TYPE && !existing.has(o.lieu.id))
  if (fresh.length === 0) return
  const claimed = new Set(offices.map((o) => o.lieu.id))
  const agencies = rowsOf<AgencyPlace & { lon: number; lat: number }>(await tx.execute(sql`SELECT id, nom, adresse, commune, code_insee,
      ST_X(position::geometry)::float8 AS lon, ST_Y(position::geometry)::float8 AS lat
    FROM lieux WHERE source = ${FRANCE_TRAVAIL_SOURCE} AND type = ${FRANCE_TRAVAIL_TYPE}`))
    .filter((a) => !claimed.has(a.id))
    .map((a) => ({ ...a, position: { lon: a.lon, lat: a.lat } }))
  const places = fresh.map((o) => ({
    id: o.lieu.id, nom: o.lieu.nom, adresse: o.lieu.adresse ?? null, commune: o.lieu.commune ?? null, code_insee: o.lieu.code_insee ?? null,
    position: o.lieu.position, office: o
  }))
  for (const [place, agency] of pairAgencies(places, agencies)) {
    place.office.lieu.id = agency.id
    place.office.takenOver = true
  }
}
