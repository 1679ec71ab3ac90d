// Counts per key (a contribution key, a client address) over fixed one-minute windows: small
// and exact enough for writes and failed authentications, which are few. In memory: with
// several API processes behind a proxy, each counts its own.
import { HttpProblem } from '../../lib/problem.js'

export class MinuteWindows {
  private readonly windows = new Map<string, { start: number; n: number }>()

  private current(key: string, now: number) {
    const entry = this.windows.get(key)
    return entry && now - entry.start < 60_000 ? entry : undefined
  }

  /** Counts one more; returns the count of the current minute. */
  add(key: string, now = Date.now()): number {
    const entry = this.current(key, now)
    if (entry) return ++entry.n
    if (this.windows.size > 50_000) this.windows.clear()
    this.windows.set(key, { start: now, n: 1 })
    return 1
  }

  count(key: string, now = Date.now()): number {
    return this.current(key, now)?.n ?? 0
  }

  /** Seconds until the key's minute ends. */
  secondsLeft(key: string, now = Date.now()): number {
    const entry = this.current(key, now)
    return entry ? Math.ceil((entry.start + 60_000 - now) / 1000) : 0
  }
}

export const tooMany = (detail: string, seconds: number) =>
  new HttpProblem(429, `${detail}; retry in ${seconds} s.`, undefined, { 'retry-after': String(seconds) })

/** Writes a minute per key: a runaway script of a structure cannot flood the history. */
export function writeLimiter(perMinute: number) {
  const windows = new MinuteWindows()
  return function countWrite(keyId: string) {
    if (perMinute > 0 && windows.add(keyId) > perMinute) throw tooMany(`More than ${perMinute} writes a minute with this key`, windows.secondsLeft(keyId))
  }
}
