// The reader of the DILA's current export on files written in its three published forms:
// the same records from each, every broken file refused with a one-line reason (never fewer
// records, never a hang, no file left open), and memory that does not grow with the file.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { copyFile, open, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import type { DilaService } from '../../../src/sources/dila/export-format.js'
import { DilaExportError, exportForm, readDilaExport, type ReadDilaExportOptions } from '../../../src/sources/dila/read-export.js'
import { dilaService, truncate, writeDilaExport, writeTarBz2 } from '../../helpers/dila-export.js'

const FORMS = ['json', 'json.gz', 'tar.bz2'] as const

async function readAll(file: string, options?: ReadDilaExportOptions): Promise<DilaService[]> {
  const out: DilaService[] = []
  for await (const record of readDilaExport(file, options)) out.push(record)
  return out
}

const openFiles = () => readdirSync('/proc/self/fd').length

const multiPivot = dilaService({
  type: 'mairie', insee: '02361', commune: 'Guise', postcode: '02120', nom: 'Mairie - Point information jeunesse de Guise',
  pivot: [{ type_service_local: 'mairie', code_insee_commune: ['02361'] }, { type_service_local: 'cij', code_insee_commune: ['02361', '02648', '02237'] }]
})
const unlocated = dilaService({ type: 'cap_emploi', nom: 'Cap emploi de l’Aisne', coordinates: ['', ''] })
const services = [
  ...Array.from({ length: 300 }, (_, i) => dilaService({
    type: i % 3 === 0 ? 'mission_locale' : 'mairie', insee: String(2001 + i).padStart(5, '0'), padding: i % 7 === 0 ? 3000 : 0,
    zone: Array.from({ length: 1 + (i % 40) }, (_, j) => String(2001 + i + j).padStart(5, '0'))
  })),
  multiPivot,
  unlocated,
  dilaService({ nom: 'Caractères « spéciaux » : \u00e9\u0301, \u{1F600}, "guillemets", \\ et \n saut de ligne' })
]

t.test('the three forms yield the same records, in order, and name the JSON they come from', async (t) => {
  const dir = t.testdir()
  for (const form of FORMS) {
    const file = await writeDilaExport(dir, services, form, { stamp: '20261203_051500' })
    const names: string[] = []
    const progress: [number, number][] = []
    const fds = openFiles()
    const records = await readAll(file, { onFile: (name) => names.push(name), onProgress: (done, total) => progress.push([done, total]) })
    t.same(records, services, `${form}: every record, unchanged`)
    t.same(names, ['20261203_051500-data.gouv_local.json'], `${form}: the inner file name, once`)
    const { size } = await stat(file)
    t.same(progress.at(-1), [size, size], `${form}: progress reaches the file's size`)
    t.ok(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0]), `${form}: progress only grows`)
    t.equal(openFiles(), fds, `${form}: the file is closed`)
  }
  const fromJson = await readAll(path.join(dir, '20261203_051500-data.gouv_local.json'))
  t.same(fromJson.find((r) => r.id === multiPivot.id)?.pivot, multiPivot.pivot, 'a record with two pivots keeps both, and each zone')
  const adresse = fromJson.find((r) => r.id === unlocated.id)?.adresse
  t.same(adresse?.map((a) => [a.type_adresse, a.longitude, a.latitude]), [['Adresse postale', '', ''], ['Adresse', '', '']],
    'empty coordinates stay empty strings')
})

t.test('the form comes from the first bytes, not the name', async (t) => {
  const dir = t.testdir()
  t.equal(exportForm(Buffer.from('BZh91AY')), 'tar.bz2')
  t.equal(exportForm(Buffer.from([0x1f, 0x8b, 8])), 'json.gz')
  t.equal(exportForm(Buffer.from('{"service"')), 'json')
  const file = await writeDilaExport(dir, services.slice(0, 5), 'json.gz')
  const renamed = path.join(dir, 'download.tmp')
  await copyFile(file, renamed)
  t.same(await readAll(renamed), services.slice(0, 5))
})

t.test('a truncated file rejects with a one-line reason, whatever its form', async (t) => {
  const dir = t.testdir()
  const expected = {
    json: /^DILA export .*\.json\.cut is truncated or not valid \(JSON ended early\)$/,
    'json.gz': /^DILA export .*\.json\.gz\.cut is truncated or not valid \(gzip: unexpected end of file\)$/,
    'tar.bz2': /^DILA export .*all_latest\.tar\.bz2\.cut is truncated or not valid \(bzip2 stream ended early\)$/
  }
  for (const form of FORMS) {
    const file = await writeDilaExport(path.join(dir, form), services, form)
    const { size } = await stat(file)
    // Midway, and a few bytes short of the end: only the last block or the closing brackets missing.
    for (const keep of [0.5, (size - 3) / size, 0.02]) {
      const cut = `${file}.cut`
      await copyFile(file, cut)
      await truncate(cut, keep)
      const fds = openFiles()
      let yielded = 0
      const error = await (async () => {
        try {
          for await (const _ of readDilaExport(cut)) yielded++
        } catch (e) {
          return e
        }
        return null
      })()
      t.type(error, DilaExportError, `${form} cut at ${keep.toFixed(3)}: rejects (after ${yielded} records)`)
      t.match((error as Error).message, expected[form])
      t.notMatch((error as Error).message, /\n/)
      t.equal(openFiles(), fds, `${form} cut at ${keep.toFixed(3)}: the file is closed`)
    }
  }
})

t.test('corrupt bytes in the middle reject too', async (t) => {
  const dir = t.testdir()
  for (const form of ['json.gz', 'tar.bz2'] as const) {
    const file = await writeDilaExport(path.join(dir, form), services, form)
    const { size } = await stat(file)
    const handle = await open(file, 'r+')
    await handle.write(Buffer.alloc(64, 0x55), 0, 64, Math.floor(size / 2))
    await handle.close()
    await t.rejects(readAll(file), { name: 'DilaExportError', message: /is truncated or not valid \((gzip|bzip2|JSON)/ }, `${form}: caught by the decompressor or the parser`)
  }
})

t.test('a broken tar inside a sound bzip2 stream rejects: tar-stream errors reach the caller', async (t) => {
  const dir = t.testdir()
  const archive = await writeDilaExport(dir, services, 'tar.bz2')
  const tarBytes = execFileSync('bzip2', ['-dc', archive], { maxBuffer: 1 << 28 })
  const rewrap = async (name: string, bytes: Buffer) => {
    const file = path.join(dir, name)
    await writeFile(file, execFileSync('bzip2', ['-c'], { input: bytes, maxBuffer: 1 << 28 }))
    return file
  }
  // The tar cut midway through its JSON: bzip2 itself is complete.
  await t.rejects(readAll(await rewrap('short.tar.bz2', tarBytes.subarray(0, Math.floor(tarBytes.length / 2)))), {
    name: 'DilaExportError', message: /short\.tar\.bz2 is truncated or not valid \(tar: Unexpected end of data\)$/
  })
  const badHeader = Buffer.from(tarBytes)
  badHeader.fill(0x41, 148, 156) // the first header's checksum
  await t.rejects(readAll(await rewrap('header.tar.bz2', badHeader)), { message: /is truncated or not valid \(no tar archive inside the bzip2 stream\)$/ })
  const json = await writeDilaExport(dir, services.slice(0, 2), 'json')
  await t.rejects(readAll(await rewrap('plain.json.bz2', await readFile(json))), { message: /\(no tar archive inside the bzip2 stream\)$/ })
})

t.test('a bzip2 file of several streams, as parallel compressors write it, reads whole', async (t) => {
  const dir = t.testdir()
  const tarBytes = execFileSync('bzip2', ['-dc', await writeDilaExport(dir, services, 'tar.bz2')], { maxBuffer: 1 << 28 })
  const third = Math.floor(tarBytes.length / 3)
  const parts = [tarBytes.subarray(0, third), tarBytes.subarray(third, 2 * third), tarBytes.subarray(2 * third)]
  const file = path.join(dir, 'parallel.tar.bz2')
  await writeFile(file, Buffer.concat(parts.map((part) => execFileSync('bzip2', ['-c'], { input: part }))))
  t.same(await readAll(file), services)
})

t.test('an archive: the local JSON among other entries, another JSON only if it is missing, none at all rejected', async (t) => {
  const dir = t.testdir()
  const json = await writeDilaExport(dir, services.slice(0, 3), 'json')
  const commune = { name: '20261202_051502-data.gouv_commune.json', content: '{"commune": []}' }

  const mixed = path.join(dir, 'mixed.tar.bz2')
  await writeTarBz2(mixed, [commune, { name: 'LISEZMOI.txt', content: 'Licence Ouverte' }, { name: '20261202_051502-data.gouv_local.json', file: json }])
  const names: string[] = []
  t.same(await readAll(mixed, { onFile: (name) => names.push(name) }), services.slice(0, 3))
  t.same(names, ['20261202_051502-data.gouv_local.json'])

  const renamed = path.join(dir, 'renamed.tar.bz2')
  await writeTarBz2(renamed, [commune, { name: 'export/annuaire.json', file: json }])
  names.length = 0
  t.same(await readAll(renamed, { onFile: (name) => names.push(name) }), services.slice(0, 3), 'a renamed JSON is read')
  t.same(names, ['annuaire.json'])

  const none = path.join(dir, 'none.tar.bz2')
  await writeTarBz2(none, [{ name: 'LISEZMOI.txt', content: 'Licence Ouverte' }, { name: '20261202_051502-data.gouv_commune.zip', content: 'PK' }])
  await t.rejects(readAll(none), {
    name: 'DilaExportError', message: /^DILA export .*none\.tar\.bz2 holds no \.json file \(entries: LISEZMOI\.txt, 20261202_051502-data\.gouv_commune\.zip\)$/
  })
  const empty = path.join(dir, 'empty.tar.bz2')
  await writeTarBz2(empty, [])
  await t.rejects(readAll(empty), { message: /holds no \.json file \(no entries\)/ })
})

t.test('JSON that is not an export rejects', async (t) => {
  const dir = t.testdir()
  const cases: [string, RegExp][] = [
    ['{"services": [{"id": "x"}]}', /^DILA export .*\.json has no "service" list$/],
    ['[{"service": []}]', /has no "service" list$/],
    ['{"service": {"id": "x"}}', /has no "service" list \("service" is not a list\)$/],
    ['{"service": [{"id": "x"},]}', /is truncated or not valid \(JSON: .+\)$/],
    ['{"service": [{"id": "x"}]} trailing', /is truncated or not valid \(JSON: .+\)$/],
    ['', /is empty$/]
  ]
  for (const [text, message] of cases) {
    const file = path.join(dir, 'x.json')
    await writeFile(file, text)
    await t.rejects(readAll(file), { name: 'DilaExportError', message }, JSON.stringify(text))
  }
  await writeFile(path.join(dir, 'ok.json'), '\ufeff{"meta": {"service": []}, "service": []}')
  t.same(await readAll(path.join(dir, 'ok.json')), [], 'an empty list is a (suspicious, but valid) export: the caller judges')
  await t.rejects(readAll(path.join(dir, 'absent.json')), { message: /^DILA export .*absent\.json could not be read \(ENOENT/ })
})

t.test('stopping early or aborting closes the file', async (t) => {
  const dir = t.testdir()
  for (const form of FORMS) {
    const file = await writeDilaExport(path.join(dir, form), services, form)
    const fds = openFiles()
    let n = 0
    for await (const _ of readDilaExport(file)) if (++n === 10) break
    t.equal(openFiles(), fds, `${form}: a break closes the file`)
    const controller = new AbortController()
    n = 0
    await t.rejects((async () => {
      for await (const _ of readDilaExport(file, { signal: controller.signal })) if (++n === 10) controller.abort()
    })(), { name: 'AbortError' }, `${form}: an abort rejects as such`)
    t.equal(openFiles(), fds, `${form}: an abort closes the file`)
  }
})

/** Reads `file`, sampling rss; returns the records read and the rss growth in MB. */
async function measure(file: string): Promise<{ n: number; growth: number; seconds: number }> {
  const before = process.memoryUsage().rss
  let peak = before
  let n = 0
  const started = Date.now()
  for await (const record of readDilaExport(file)) {
    if (++n % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    if (record.pivot?.length !== 1) throw new Error('a record lost its pivot')
  }
  return { n, growth: (peak - before) / 1e6, seconds: (Date.now() - started) / 1000 }
}

function* many(count: number) {
  for (let i = 0; i < count; i++) yield dilaService({ insee: String(1001 + (i % 90_000)).padStart(5, '0'), padding: 900 })
}

t.test('memory stays flat on a ~100 MB export', { timeout: 60_000 }, async (t) => {
  const dir = t.testdir()
  const file = await writeDilaExport(dir, many(25_000), 'json')
  const { size } = await stat(file)
  t.ok(size > 95e6, `the file holds ${(size / 1e6).toFixed(0)} MB`)
  const { n, growth, seconds } = await measure(file)
  t.equal(n, 25_000)
  t.comment(`json: read ${(size / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s, rss growth ${growth.toFixed(1)} MB`)
  t.ok(growth < 150, `rss grew by ${growth.toFixed(1)} MB`)
})

// Smaller: the system's bzip2 takes ~0.1 s a MB to write it. The decoder's working set does not depend on the file's size.
t.test('memory stays flat on a ~40 MB export in its archive', { timeout: 60_000 }, async (t) => {
  const dir = t.testdir()
  const file = await writeDilaExport(dir, many(10_000), 'tar.bz2')
  const { n, growth, seconds } = await measure(file)
  t.equal(n, 10_000)
  t.comment(`tar.bz2: read ~42 MB of JSON in ${seconds.toFixed(1)} s, rss growth ${growth.toFixed(1)} MB`)
  t.ok(growth < 150, `rss grew by ${growth.toFixed(1)} MB`)
})
