import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

/** The files of a folder with this ending, sorted by name; none when the folder is absent. */
export function filesIn(folder: string, ending: string): string[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((f) => f.endsWith(ending))
    .sort()
    .map((f) => path.join(folder, f))
}
