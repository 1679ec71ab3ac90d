// The change feed's query: lieux and structures created, changed or closed after a position,
// in commit order (their `sequence`, drizzle/0005), each with its line as the exports write it
// (CSV and JSON), so that a mirror applies the feed to a downloaded file.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import { DATASETS } from '../exports/datasets.js'
import { csvLine, jsonRow } from '../exports/fields.js'

export interface Change {
  sequence: number
  objet: 'lieu' | 'structure'
  id: string
  action: 'creation' | 'modification' | 'fermeture'
  date: string
  /** The row as the export file has it (null never: a closed lieu keeps its row, statut ferme). */
  ligne: Record<string, unknown>
  csv: string
}

interface Position { objet: 'lieu' | 'structure'; id: string; sequence: string; creation: string; statut: string; date: string }

const LINES: Record<Change['objet'], { dataset: typeof DATASETS.lieux; key: SQL }> = {
  lieu: { dataset: DATASETS.lieux, key: sql`l.id` },
  structure: { dataset: DATASETS.structures, key: sql`s.id` }
}

export function changesRepository(database: DatabaseHandle) {
  const { rows } = database
  return {
    /** Up to `limit` changes after `since`, oldest first. */
    async since(since: number, limit: number): Promise<Change[]> {
      const positions = await rows<Position>(sql`SELECT * FROM (
          SELECT 'lieu' AS objet, id, sequence::text, sequence_creation::text AS creation, statut,
            to_char(modifie_le AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS date
          FROM lieux WHERE sequence > ${since}
          UNION ALL
          SELECT 'structure', id, sequence::text, sequence_creation::text, 'actif',
            to_char(modifie_le AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          FROM structures WHERE sequence > ${since}
        ) f ORDER BY sequence::bigint LIMIT ${limit}`)
      const lines = new Map<string, { csv: string; ligne: string }>()
      for (const objet of ['lieu', 'structure'] as const) {
        const ids = positions.filter((p) => p.objet === objet).map((p) => p.id)
        if (ids.length === 0) continue
        const { dataset, key } = LINES[objet]
        const found = await rows<{ id: string; csv: string; ligne: string }>(sql`SELECT ${key} AS id, ${csvLine(dataset.fields)} AS csv,
            row_to_json(r)::text AS ligne
          FROM ${dataset.from} ${jsonRow(dataset.fields, 'r')} WHERE ${key} = ANY(${sql.param(ids)}::text[])`)
        for (const row of found) lines.set(`${objet} ${row.id}`, row)
      }
      return positions.map((p) => {
        const line = lines.get(`${p.objet} ${p.id}`)!
        const sequence = Number(p.sequence)
        const action = p.statut === 'ferme' ? 'fermeture' : Number(p.creation) > since ? 'creation' : 'modification'
        return { sequence, objet: p.objet, id: p.id, action, date: p.date, ligne: JSON.parse(line.ligne) as Record<string, unknown>, csv: line.csv }
      })
    }
  }
}

export type ChangesRepository = ReturnType<typeof changesRepository>
