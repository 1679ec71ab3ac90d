// The sources as the API answers them: with how old each one's data is today.
import type { DatabaseHandle } from '../../db/client.js'
import { type Source, sourcesOf } from './repository.js'

export type DatedSource = Source & { age_jours: number | null }

export async function datedSources(handle: DatabaseHandle, now = new Date()): Promise<DatedSource[]> {
  return (await sourcesOf(handle)).map((s) => ({
    ...s,
    age_jours: s.date ? Math.max(0, Math.floor((now.getTime() - Date.parse(s.date.slice(0, 10))) / 86_400_000)) : null
  }))
}
