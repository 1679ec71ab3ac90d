// The widget's budgets (issue 11): its script's size without the map (≤ 35 KB gzip) and the
// time from the commune chosen to the results on screen (≤ 1 s), measured in Debian's
// Chromium with the widget's own performance marks, against the API the bench runs.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { widgetBundle } from '../../src/modules/widget/bundle.js'

export interface WidgetFigures {
  files: { name: string; bytes: number; gzip: number; part: 'list' | 'map' }[]
  /** Milliseconds from the commune chosen to the results rendered, one per run; null without a browser. */
  firstResultsMs: number[] | null
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function measureWidget(api: string, runs = 7): Promise<WidgetFigures> {
  const bundle = await widgetBundle()
  const files = [...bundle.entry.map((name) => ({ name, part: 'list' as const })), ...bundle.map.map((name) => ({ name, part: 'map' as const }))]
    .map(({ name, part }) => {
      const body = bundle.files.get(name)!.body
      return { name, part, bytes: body.length, gzip: gzipSync(body).length }
    })
  if (!existsSync(CHROMIUM)) {
    console.error(`widget: no browser at ${CHROMIUM} (apt-get install chromium): time to first results not measured`)
    return { files, firstResultsMs: null }
  }
  // A partner's page: the portal fixes who and what; the person types and picks a commune.
  const host = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>bench</title></head><body>
<script type="module" src="${api}/widget/aio.js"></script>
<aio-orientation public="jeunes-16-25" besoin="trouver-emploi"></aio-orientation></body></html>`)
  })
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  const times: number[] = []
  try {
    for (let run = 0; run <= runs; run++) {
      const page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`)
      await page.getByRole('combobox').fill('saint que')
      await page.getByRole('option').first().waitFor()
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('Enter')
      await page.locator('aio-orientation li.recommandation').first().waitFor({ timeout: 30_000 })
      const ms = await page.evaluate(() => {
        const p = (globalThis as unknown as { performance: { measure(n: string, a: string, b: string): { duration: number } } }).performance
        return p.measure('aio', 'aio:commune-choisie', 'aio:resultats').duration
      })
      if (run > 0) times.push(ms) // the first run warms the API and the browser's caches
      await page.close()
    }
  } finally {
    await browser.close()
    host.close()
  }
  return { files, firstResultsMs: times }
}

export function printWidget(f: WidgetFigures) {
  console.log('\nWidget: what a portal\'s visitor loads, and the time to first results\n')
  console.log('| file | part | bytes | gzip bytes |')
  console.log('|---|---|---:|---:|')
  for (const file of f.files) console.log(`| ${file.name} | ${file.part} | ${file.bytes} | ${file.gzip} |`)
  const list = f.files.filter((x) => x.part === 'list').reduce((sum, x) => sum + x.gzip, 0)
  console.log(`\nWithout the map: ${(list / 1024).toFixed(1)} KB gzip (budget 35 KB).`)
  if (f.firstResultsMs) {
    const sorted = [...f.firstResultsMs].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]!
    console.log(`Commune chosen → results on screen, ${sorted.length} runs: median ${median.toFixed(0)} ms, ` +
      `slowest ${sorted[sorted.length - 1]!.toFixed(0)} ms (budget 1,000 ms).`)
  }
}
