// A shared cache in front of the API: Debian's nginx with the deployment's configuration
// (scripts/deploy/), the near-me page of 200 communes asked again and again, directly and
// through the cache; then how long a change takes to show through it (at most max-age).
import type postgres from 'postgres'
import { startNginx } from '../deploy/nginx.js'
import { type Figures, measureHttp } from './measure.js'

export interface CacheFigures { communes: number; direct: Figures; cached: Figures; hitRatio: number; changeSeenMs: number; maxAgeS: number }

const RENAMED = 'Lieu renommé (npm run bench, test du cache)'

export async function measureCache(api: string, sql: postgres.Sql, connections: number, duration: number, maxAgeS: number, log: (m: string) => void): Promise<CacheFigures | string> {
  const communes = (await sql<{ code_insee: string }[]>`SELECT code_insee FROM communes
    WHERE centre IS NOT NULL AND type = 'commune-actuelle' ORDER BY population DESC NULLS LAST, code_insee LIMIT 200`).map((c) => c.code_insee)
  const paths = communes.map((code) => `/v1/lieux?code_commune=${code}&limit=10`)
  let nginx
  try {
    nginx = await startNginx([new URL(api).host])
  } catch (error) {
    return (error as Error).message
  }
  try {
    log(`measuring: nearest 10 by commune over ${communes.length} communes, direct`)
    const direct = await measureHttp(api, paths, connections, duration)
    log('measuring: the same through nginx proxy_cache')
    const cached = await measureHttp(nginx.base, paths, connections, duration)
    // Each page asked twice by one client (fetch's own Accept and Accept-Language: a variant of
    // its own, as Vary says), the second answer from the cache.
    let hits = 0
    for (const p of paths.slice(0, 50)) {
      await fetch(`${nginx.base}${p}`).then((res) => res.arrayBuffer())
      if ((await fetch(`${nginx.base}${p}`)).headers.get('x-cache-status') === 'HIT') hits++
    }
    // A change: the first lieu of a commune's page renamed, then read through the cache until it shows.
    const first = (await (await fetch(`${nginx.base}${paths[0]}`)).json() as { data: { id: string; nom: string }[] }).data[0]!
    const changedAt = performance.now()
    await sql`UPDATE lieux SET nom = ${RENAMED} WHERE id = ${first.id}`
    let changeSeenMs = Number.NaN
    try {
      while (performance.now() - changedAt < (maxAgeS + 30) * 1000) {
        const page = await (await fetch(`${nginx.base}${paths[0]}`)).json() as { data: { nom: string }[] }
        if (page.data.some((l) => l.nom === RENAMED)) {
          changeSeenMs = performance.now() - changedAt
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      await sql`UPDATE lieux SET nom = ${first.nom} WHERE id = ${first.id}`
    }
    return { communes: communes.length, direct, cached, hitRatio: hits / 50, changeSeenMs, maxAgeS }
  } finally {
    await nginx.stop()
  }
}
