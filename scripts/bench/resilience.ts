// Two scenarios about holding up rather than speed: a soak (sustained load, then the API's
// memory and errors), and a database outage (connections refused for a while) with the
// timeline of what clients got, second by second, and how soon service came back.
import http from 'node:http'
import autocannon from 'autocannon'
import { residentMb } from './exports.js'
import { cycling, type HttpRequest } from './measure.js'

export interface SoakFigures {
  seconds: number
  connections: number
  requests: number
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  rssBeforeMb: number
  rssPeakMb: number
  rssAfterMb: number
}

export async function soak(base: string, pid: number, requests: HttpRequest[], seconds: number, connections: number): Promise<SoakFigures> {
  const before = residentMb(pid)
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, residentMb(pid))), 100)
  const result = await autocannon({ url: base, connections, duration: seconds, requests: cycling(requests) })
  clearInterval(timer)
  // Memory once the load is gone: what stays is what a leak would keep.
  await new Promise((resolve) => setTimeout(resolve, 5000))
  return {
    seconds, connections, requests: result.requests.total, rps: result.requests.average,
    p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx,
    rssBeforeMb: before, rssPeakMb: peak, rssAfterMb: residentMb(pid)
  }
}

export interface OutageSecond { second: number; phase: 'before' | 'outage' | 'after'; ok: number; unavailable: number; other: number; maxMs: number }
export interface OutageFigures { timeline: OutageSecond[]; recoveredAfterMs: number | null; otherStatuses: Record<string, number> }

/**
 * `clients` loops request `path` back to back for before + outage + after seconds; `cut` and
 * `restore` are called at the boundaries. Each answer is binned by the second it ended in.
 */
export async function outage(
  base: string,
  path: string,
  phases: { before: number; outage: number; after: number },
  clients: number,
  cut: () => Promise<void>,
  restore: () => Promise<void>
): Promise<OutageFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
  const started = Date.now()
  const total = (phases.before + phases.outage + phases.after) * 1000
  const bins = new Map<number, OutageSecond>()
  const otherStatuses: Record<string, number> = {}
  let restoredAt = 0
  let recoveredAt = 0
  const phaseOf = (ms: number) => (ms < phases.before * 1000 ? 'before' : ms < (phases.before + phases.outage) * 1000 ? 'outage' : 'after')
  const get = () => new Promise<string>((resolve) => {
    http.get(`${base}${path}`, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(String(res.statusCode)))
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
  const loops = Array.from({ length: clients }, async () => {
    while (Date.now() - started < total) {
      const sent = Date.now()
      const status = await get()
      const ms = Date.now() - started
      const second = Math.floor(ms / 1000)
      const bin = bins.get(second) ?? { second, phase: phaseOf(ms), ok: 0, unavailable: 0, other: 0, maxMs: 0 }
      if (status === '200') {
        bin.ok++
        if (restoredAt && !recoveredAt) recoveredAt = Date.now()
      } else if (status === '503') bin.unavailable++
      else {
        bin.other++
        otherStatuses[status] = (otherStatuses[status] ?? 0) + 1
      }
      bin.maxMs = Math.max(bin.maxMs, Date.now() - sent)
      bins.set(second, bin)
    }
  })
  const driver = (async () => {
    await new Promise((resolve) => setTimeout(resolve, phases.before * 1000))
    await cut()
    await new Promise((resolve) => setTimeout(resolve, phases.outage * 1000))
    await restore()
    restoredAt = Date.now()
  })()
  await Promise.all([...loops, driver])
  agent.destroy()
  return {
    timeline: [...bins.values()].sort((a, b) => a.second - b.second),
    recoveredAfterMs: recoveredAt ? recoveredAt - restoredAt : null,
    otherStatuses
  }
}
