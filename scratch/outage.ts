import net from 'node:net'
import postgres from 'postgres'
let sockets: net.Socket[] = []
let server = net.createServer((c) => { const up = net.connect(5432, '127.0.0.1'); sockets.push(c, up); c.pipe(up); up.pipe(c); c.on('error', () => {}); up.on('error', () => {}) })
await new Promise<void>((r) => server.listen(55432, '127.0.0.1', r))
const sql = postgres('postgres://postgres@127.0.0.1:55432/postgres', { max: 4, onnotice: () => {} })
console.log(await sql`select 1 as x`)
// outage
server.close(); sockets.forEach((s) => s.destroy()); sockets = []
for (let i = 0; i < 3; i++) {
  const t0 = Date.now()
  try { await sql`select 1` ; console.log('ok', Date.now() - t0) } catch (e) { console.log('err', (e as Error).message, (e as {code?:string}).code, Date.now() - t0) }
}
server = net.createServer((c) => { const up = net.connect(5432, '127.0.0.1'); c.pipe(up); up.pipe(c) })
await new Promise<void>((r) => server.listen(55432, '127.0.0.1', r))
const t0 = Date.now(); console.log(await sql`select 2 as y`, Date.now() - t0)
await sql.end(); server.close()
