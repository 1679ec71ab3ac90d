// Which process holds the embedded database: PGlite is one process's file, and a second one
// opening the same folder while the API runs would corrupt it. The API writes its pid beside
// the folder; a command-line tool reads it and says plainly who holds the database.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'

const holderFile = (dbDir: string) => `${dbDir.replace(/\/+$/, '')}.pid`

export function holdEmbedded(dbDir: string): () => void {
  const file = holderFile(dbDir)
  writeFileSync(file, String(process.pid))
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file)
    } catch {
      // Already gone.
    }
  }
}

/** The pid of a live process that holds the folder, other than this one; null if none. */
export function embeddedHolder(dbDir: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(holderFile(dbDir), 'utf8').trim())
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}
