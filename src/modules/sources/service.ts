// The sources as the API answers them: with how old each one's data is today.
import type { DatabaseHandle } from '../../db/client.js'
import { type Source, sourcesOf } from './repository.js'

export type DatedSource = Source & { age_jours: number | null }

/** `env`: whose credentials say which sources are not read here (the process's own by default). */
export async function datedSources(handle: DatabaseHandle, now = new Date(), env: Record<string, string | undefined> = process.env): Promise<DatedSource[]> {
  return (await sourcesOf(handle, env)).map((s) => ({
    ...s,
    age_jours: s.date ? Math.max(0, Math.floor((now.getTime() - Date.parse(s.date.slice(0, 10))) / 86_400_000)) : null
  }))
}
