// Reads the DILA's current export record by record, whatever form it was downloaded in:
// `all_latest.tar.bz2` (the JSON inside a bzip2 tar), the JSON served gzip-compressed, or the
// plain JSON. Streaming throughout: the file (~350 MB compressed, ~273 MB of JSON) is never
// held whole, only one record at a time. A file that ends early or does not parse fails the
// whole read, after the records before the break were yielded: a caller applies nothing until
// the generator has ended, so that a shorter snapshot never passes for a complete one.
import { createReadStream, type ReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { pipeline, type Readable, Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { gen, none } from 'stream-chain/core'
import pick from 'stream-json/filters/pick.js'
import parser from 'stream-json/parser.js'
import streamArray from 'stream-json/streamers/stream-array.js'
import tar from 'tar-stream'
import type { DilaService } from './export-format.js'

export interface ReadDilaExportOptions {
  /** Compressed bytes read from the file so far, against its size (an archive without its usual JSON name is read twice). */
  onProgress?: (bytesRead: number, totalBytes: number) => void
  /** Called once with the JSON file's own name (`20261202_051502-data.gouv_local.json`), for provenance. */
  onFile?: (name: string) => void
  signal?: AbortSignal
}

export type DilaExportForm = 'tar.bz2' | 'json.gz' | 'json'

/** Every failure of the reader: one line naming the file and what is wrong with it. */
export class DilaExportError extends Error {
  override name = 'DilaExportError'
}

/** The file's form, from its first bytes (a download's name says nothing reliable). */
export function exportForm(head: Uint8Array): DilaExportForm {
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'tar.bz2' // "BZh"
  if (head[0] === 0x1f && head[1] === 0x8b) return 'json.gz'
  return 'json'
}

/** The inner JSON's name for a file that is the JSON itself, gzip-compressed or not. */
export function exportFileName(file: string): string {
  return basename(file).replace(/\.gz$/i, '')
}

const LOCAL_JSON = /-data\.gouv_local\.json$/
/** Any other JSON the archive might hold instead, if the publisher renames its file. */
const otherJson = (name: string) => name.endsWith('.json') && !name.includes('gouv_commune') && !basename(name).startsWith('._')

/** Which layer found the file broken, for the message. */
type Layer = 'bzip2' | 'gzip' | 'tar' | 'JSON'

export async function* readDilaExport(file: string, options: ReadDilaExportOptions = {}): AsyncGenerator<DilaService> {
  const { signal } = options
  signal?.throwIfAborted()
  const layers = new WeakMap<object, string>()
  const blame = (error: unknown, layer: Layer, detail?: string) => {
    if (error instanceof Error && !layers.has(error)) layers.set(error, detail ?? `${layer}: ${error.message}`)
    return error
  }
  try {
    const { size, form } = await inspect(file)
    if (form !== 'tar.bz2') {
      options.onFile?.(exportFileName(file))
      yield* services(file, openBytes(file, size, form, options, blame), () => true, options, blame)
      return
    }
    // The archive's own JSON is `…-data.gouv_local.json`; another JSON is read only if that one is missing.
    const entries: string[] = []
    let found = false
    const choose = (match: (name: string) => boolean) => (name: string) => {
      if (found || !match(name)) return false
      found = true
      options.onFile?.(basename(name))
      return true
    }
    const read = (select: (name: string) => boolean, seen: string[]) =>
      services(file, tarMember(openBytes(file, size, form, options, blame), select, seen, blame), () => found, options, blame)
    yield* read(choose((name) => LOCAL_JSON.test(name)), entries)
    if (found) return
    const fallback = entries.find(otherJson)
    if (fallback === undefined) {
      const listed = entries.length === 0 ? 'no entries' : `entries: ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}`
      throw new DilaExportError(`DILA export ${file} holds no .json file (${listed})`)
    }
    yield* read(choose((name) => name === fallback), [])
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    if (error instanceof DilaExportError) throw error
    const detail = error instanceof Error ? layers.get(error) : undefined
    if (detail !== undefined) throw new DilaExportError(`DILA export ${file} is truncated or not valid (${oneLine(detail)})`, { cause: error })
    throw new DilaExportError(`DILA export ${file} could not be read (${oneLine(error instanceof Error ? error.message : String(error))})`, { cause: error })
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300)

async function inspect(file: string): Promise<{ size: number; form: DilaExportForm }> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    const head = new Uint8Array(3)
    await handle.read(head, 0, 3, 0)
    return { size, form: exportForm(head) }
  } finally {
    await handle.close()
  }
}

interface Bytes {
  /** The JSON's bytes (tar.bz2: the decompressed tar). */
  stream: Readable
  /** Stops reading and resolves once the file is closed. */
  close: () => Promise<void>
  /** The first failure of the file or a decompressor, also thrown by `stream`. */
  failed: Promise<Error>
}

/** The file's bytes, counted as read, decompressed as its form says. */
function openBytes(file: string, size: number, form: DilaExportForm, options: ReadDilaExportOptions, blame: Blame): Bytes {
  const input: ReadStream = createReadStream(file, { highWaterMark: 1 << 16 })
  let read = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length
      options.onProgress?.(read, size)
      callback(null, chunk)
    }
  })
  let fail: (error: Error) => void = () => {}
  const failed = new Promise<Error>((resolve) => { fail = resolve })
  // pipeline destroys every stage on the first error, so the file is closed and the last stage throws it.
  const done = (error: Error | null) => { if (error) fail(error) }
  const stream: Readable = form === 'json.gz'
    ? pipeline(input, counter, gunzip(blame), done)
    : form === 'tar.bz2'
      ? pipeline(input, counter, bunzip2(blame), done) as unknown as Readable
      : pipeline(input, counter, done)
  const onAbort = () => input.destroy(options.signal?.reason as Error)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  return {
    stream,
    failed,
    close: async () => {
      options.signal?.removeEventListener('abort', onAbort)
      stream.destroy()
      input.destroy()
      if (!input.closed) await new Promise<void>((resolve) => input.once('close', () => resolve()))
    }
  }
}

type Blame = (error: unknown, layer: Layer, detail?: string) => unknown

function gunzip(blame: Blame): Transform {
  const stream = createGunzip()
  stream.on('error', (error) => blame(error, 'gzip'))
  return stream
}

// unbzip2-stream's own decoder, driven block by block. Its stream wrapper is an old `through`
// stream that ignores backpressure and gathers each block's bytes in a JS array: 10 MB of
// garbage a 900 kB block, ~200 MB of resident memory on a 300 MB export. Driven here, one
// reused table and one output buffer, each block yielded (and awaited) before the next.
type BitReader = ((bits: number | null) => number) & { bytesRead: number }
interface Bzip2Decoder {
  /** Reads a stream header, returns its block size (1–9, × 100 kB). */
  header(bits: BitReader): number
  /** Inflates one block through `write`; returns the running CRC, or null at the end-of-stream marker. */
  decompress(bits: BitReader, write: (byte: number) => void, table: Int32Array, size: number, crc: number): number | null
}
const require = createRequire(import.meta.url)
const bzip2Decoder = require('unbzip2-stream/lib/bzip2.js') as Bzip2Decoder
const bitIterator = require('unbzip2-stream/lib/bit_iterator.js') as (next: () => Buffer | undefined) => BitReader

/** Compressed bytes kept ahead of the decoder: a whole block (at most ~900 kB) must be there before it starts one. */
const bzip2Ahead = (blockSize: number) => 25_000 + 100_000 * blockSize

function bunzip2(blame: Blame) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const queue: Buffer[] = []
    let received = 0
    let bits: BitReader | undefined
    let blockSize = 0
    let crc: number | null = null
    let table = new Int32Array(0)
    let out = Buffer.allocUnsafe(1 << 20)
    let length = 0
    const write = (byte: number) => {
      if (length === out.length) {
        const larger = Buffer.allocUnsafe(out.length * 2)
        out.copy(larger)
        out = larger
      }
      out[length++] = byte
    }
    /** One step: a stream header, a block (its bytes returned), or the end-of-stream marker. */
    const step = (ending: boolean): Buffer | undefined => {
      try {
        if (blockSize === 0) {
          blockSize = bzip2Decoder.header(bits!)
          crc = 0
          if (table.length < 100_000 * blockSize) table = new Int32Array(100_000 * blockSize)
          return undefined
        }
        table.fill(0)
        length = 0
        crc = bzip2Decoder.decompress(bits!, write, table, 100_000 * blockSize, crc!)
        if (crc === null) {
          // A file may hold several streams one after the other (parallel compressors write them).
          blockSize = 0
          return undefined
        }
        return Buffer.from(out.subarray(0, length))
      } catch (cause) {
        // After the input's end whatever the decoder reports (a short block, no end marker) is a truncation.
        const error = cause instanceof Error ? cause : new Error(String(cause))
        throw blame(error, 'bzip2', ending ? 'bzip2 stream ended early' : 'bzip2 data is corrupt')
      }
    }
    for await (const chunk of source) {
      queue.push(chunk)
      received += chunk.length
      bits ??= bitIterator(() => queue.shift())
      while (received - bits.bytesRead + 1 >= bzip2Ahead(blockSize)) {
        const block = step(false)
        if (block) yield block
      }
    }
    while (bits && received > bits.bytesRead) {
      const block = step(true)
      if (block) yield block
    }
    if (crc !== null) throw blame(new Error('no end-of-stream marker'), 'bzip2', 'bzip2 stream ended early')
  }
}

/**
 * The bytes of the one tar entry `select` accepts; the other entries are skipped, and the
 * archive is read to its end so that a truncated tail still fails. `entries` receives every
 * entry's name.
 */
async function* tarMember(bytes: Bytes, select: (name: string) => boolean, entries: string[], blame: Blame): AsyncGenerator<Buffer, void, undefined> {
  const extract = tar.extract()
  // A first header that does not parse: the bzip2 stream holds something else than a tar (tar-stream's own hint is about gzip).
  extract.on('error', (error) => blame(error, 'tar', entries.length === 0 && /Invalid tar header/.test(error.message) ? 'no tar archive inside the bzip2 stream' : undefined))
  // The decompressor's failure ends the archive with the same error.
  void bytes.failed.then((error) => extract.destroy(error))
  bytes.stream.pipe(extract)
  try {
    for await (const entry of extract) {
      const name = entry.header.name
      entries.push(name)
      if (entry.header.type === 'file' && select(name)) {
        for await (const chunk of entry as AsyncIterable<Buffer>) yield chunk
      } else {
        entry.resume()
      }
    }
  } finally {
    extract.destroy()
    await bytes.close()
  }
}

type ByteSource = AsyncIterable<Buffer>

const PARSE_SLICE = 64 * 1024

/** The records of the top-level `service` list. `selected` says whether there was a JSON to read at all (a tar may hold none). */
async function* services(
  file: string, source: Bytes | ByteSource, selected: () => boolean, options: ReadDilaExportOptions, blame: Blame
): AsyncGenerator<DilaService> {
  const { signal } = options
  let listed = false
  const run = gen(
    parser({ streamValues: false }),
    pick({ filter: (stack: unknown[]) => stack.length === 1 && stack[0] === 'service' }),
    (token: parser.Token) => {
      if (!listed) {
        listed = true
        if (token.name !== 'startArray') throw new DilaExportError(`DILA export ${file} has no "service" list ("service" is not a list)`)
      }
      return token
    },
    streamArray()
  ) as unknown as (chunk: unknown) => AsyncGenerator<{ key: number; value: DilaService }>
  // A slice's records are collected before they are yielded: at most one slice's worth in memory.
  const parse = async (chunk: unknown): Promise<DilaService[]> => {
    const out: DilaService[] = []
    try {
      for await (const item of run(chunk)) out.push(item.value)
    } catch (error) {
      // At the flush the parser only learns that the text stopped midway.
      throw blame(error, 'JSON', chunk === none ? 'JSON ended early' : undefined)
    }
    return out
  }
  const bytes = 'stream' in source ? source.stream : source
  let length = 0
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      length += chunk.length
      // The parser turns a whole input chunk into tokens at once: a 900 kB bzip2 block is fed in slices.
      for (let at = 0; at < chunk.length; at += PARSE_SLICE) {
        for (const record of await parse(chunk.subarray(at, at + PARSE_SLICE))) {
          signal?.throwIfAborted()
          yield record
        }
      }
    }
    if (!selected()) return
    if (length === 0) throw new DilaExportError(`DILA export ${file} is empty`)
    for (const record of await parse(none)) yield record
  } finally {
    if ('close' in source) await source.close()
  }
  if (!listed) throw new DilaExportError(`DILA export ${file} has no "service" list`)
}
