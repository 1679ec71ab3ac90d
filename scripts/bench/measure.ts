// The two sides of each benchmark line: HTTP through the API (autocannon), and the same SQL
// sent straight to PostgreSQL through postgres.js (the floor), at the same concurrency.
import autocannon from 'autocannon'
import type postgres from 'postgres'

export interface Figures { rps: number; p50: number; p99: number; errors: number }

/** A request: a GET path, or a POST with a JSON body (GraphQL). */
export type HttpRequest = string | { path: string; body: string }

/** autocannon's request list cycling through `requests`, GETs and GraphQL POSTs alike. */
export function cycling(requests: HttpRequest[]): autocannon.Request[] {
  let i = 0
  return [{
    setupRequest: (req) => {
      const next = requests[i++ % requests.length]!
      return typeof next === 'string'
        ? { ...req, method: 'GET', path: next }
        : { ...req, method: 'POST', path: next.path, body: next.body, headers: { ...req.headers, 'content-type': 'application/json' } }
    }
  }]
}

export async function measureHttp(baseUrl: string, requests: HttpRequest[], connections: number, duration: number): Promise<Figures> {
  const run = (seconds: number) => autocannon({ url: baseUrl, connections, duration: seconds, requests: cycling(requests) })
  await run(Math.min(3, duration)) // warm-up: JIT, pools, caches
  const result = await run(duration)
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx
  }
}

/** `connections` workers each running `request` back to back for `duration` seconds. */
export async function measureFloor(
  sql: postgres.Sql,
  request: (sql: postgres.Sql, i: number) => Promise<void>,
  connections: number,
  duration: number
): Promise<Figures> {
  const run = async (seconds: number) => {
    const latencies: number[] = []
    let i = 0
    let errors = 0
    const deadline = performance.now() + seconds * 1000
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const start = performance.now()
          try {
            await request(sql, i++)
          } catch {
            errors++
          }
          latencies.push(performance.now() - start)
        }
      })
    )
    latencies.sort((a, b) => a - b)
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
    return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors }
  }
  await run(Math.min(3, duration)) // warm-up
  return run(duration)
}
