// Writes beside reads (issue 12): PATCH /v1/lieux/{id} with If-Match, each connection editing
// its own lieu and sending the ETag its previous write returned (so never a 412), and GET
// /v1/lieux/{id} of the same lieux, by the same client loop. autocannon builds each request
// before the previous response arrives, so it cannot chain ETags: a small loop of fetch
// workers (keep-alive) does both sides, the same way. WRITES_PER_MINUTE is off for the bench.

export interface WriteFigures { kind: 'PATCH with If-Match' | 'GET /v1/lieux/{id}'; rps: number; p50: number; p99: number; non2xx: number; errors: number }

type Step = (id: string, etag: string) => Promise<{ status: number; etag: string }>

async function loop(ids: string[], etags: Map<string, string>, seconds: number, step: Step): Promise<Omit<WriteFigures, 'kind'>> {
  const latencies: number[] = []
  let non2xx = 0
  let errors = 0
  const end = performance.now() + seconds * 1000
  await Promise.all(ids.map(async (id) => {
    let etag = etags.get(id)!
    while (performance.now() < end) {
      const started = performance.now()
      try {
        const r = await step(id, etag)
        if (r.status >= 300) non2xx++
        else etag = r.etag
      } catch {
        errors++
      }
      latencies.push(performance.now() - started)
    }
    etags.set(id, etag)
  }))
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), non2xx, errors }
}

export async function measureWrites(base: string, ids: string[], key: string, seconds: number, warmup = 2): Promise<WriteFigures[]> {
  const etags = new Map<string, string>()
  for (const id of ids) etags.set(id, String((await fetch(`${base}/v1/lieux/${id}`)).headers.get('etag')))
  const hours = ['Mo-Fr 08:30-12:00,13:30-17:30', 'Mo-Fr 09:00-12:00,14:00-17:00']
  let n = 0
  const write: Step = async (id, etag) => {
    const res = await fetch(`${base}/v1/lieux/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json', authorization: `Bearer ${key}`, 'if-match': etag },
      body: JSON.stringify({ horaires_accueil: hours[n++ % 2] })
    })
    await res.arrayBuffer()
    return { status: res.status, etag: res.headers.get('etag') ?? etag }
  }
  const read: Step = async (id, etag) => {
    const res = await fetch(`${base}/v1/lieux/${id}`)
    await res.arrayBuffer()
    return { status: res.status, etag }
  }
  await loop(ids, etags, warmup, write)
  const writes = await loop(ids, etags, seconds, write)
  await loop(ids, etags, warmup, read)
  const reads = await loop(ids, etags, seconds, read)
  return [{ kind: 'PATCH with If-Match', ...writes }, { kind: 'GET /v1/lieux/{id}', ...reads }]
}

export function printWrites(rows: WriteFigures[], connections: number, duration: number) {
  console.log(`\nWrites beside reads: ${connections} connections (one lieu each), ${duration} s\n`)
  console.log('| request | req/s | p50 ms | p99 ms | non-2xx | errors |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.kind} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`)
}
