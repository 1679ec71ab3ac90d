// The map page (/widget/carte) in a real browser: it fetches the vector tiles, decodes them
// and draws what they hold. At country scale, numbered discs whose counts add up to the lieux
// in view and zoom in when clicked; at street scale, each lieu, listed beside the map and
// opened in a popup, the same lieux as /v1/lieux?bbox= gives for the view.
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../../helpers/browser.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const api = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser(t)
const CIO = 'dila-cio-02691-01'

async function openMap(t: Test, query: string): Promise<{ page: Page; problems: string[]; tiles: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1200, height: 800 } })
  t.teardown(() => page.close())
  const problems: string[] = []
  const tiles: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    // The basemap's server is out of reach here (blocked below): its images fail, ours must not.
    if (message.type() === 'error' && !/net::ERR_FAILED/.test(message.text())) problems.push(message.text())
  })
  page.on('request', (request) => {
    if (request.url().includes('/tiles/lieux/')) tiles.push(request.url())
  })
  await page.route('https://*.tile.openstreetmap.fr/**', (route) => route.abort())
  await page.goto(`${api}/widget/carte?${query}`)
  await page.locator('#compte[data-total]').waitFor({ timeout: 20_000 })
  return { page, problems, tiles }
}

const bboxOf = async (page: Page) => (await page.locator('#compte').getAttribute('data-bbox'))!.split(',').map(Number) as [number, number, number, number]

t.test('the page may be framed by any site and loads only from the API', async (t) => {
  const res = await app.inject('/widget/carte')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-security-policy'], /frame-ancestors \*/)
  t.match(res.headers['content-security-policy'], /script-src 'self'/)
  t.equal((await app.inject('/widget/leaflet.css')).statusCode, 200, 'Leaflet\'s styles, as a file')
})

t.test('all France: numbered discs that stand for the lieux in view, a click zooms in', { skip: !browser }, async (t) => {
  const { page, problems, tiles } = await openMap(t, 'lat=46.6&lon=2.4&zoom=6')
  t.ok(tiles.length > 0 && tiles.every((url) => /\/tiles\/lieux\/6\/\d+\/\d+\.mvt$/.test(url)), `${tiles.length} tiles of zoom 6 fetched`)
  const status = page.locator('#compte')
  t.match(await status.textContent(), /^Environ [\d\s\u202f]+ lieux dans cette zone de la carte : zoomez/)
  const shown = Number(await status.getAttribute('data-total'))
  // A disc stands where its lieux' centre is: one at the view's edge counts in or out whole.
  const inView = await app.sites.countLieux({ bbox: await bboxOf(page) })
  t.ok(Math.abs(shown - inView) <= inView * 0.03, `the discs stand for ${shown} lieux, /v1/lieux?bbox= counts ${inView}`)
  const discs = page.locator('.grappe')
  t.ok(await discs.count() > 100, `${await discs.count()} discs`)
  t.equal(await page.locator('#liste button').count(), 0, 'no list of thousands')
  await discs.filter({ hasText: /^\d{3}$/ }).first().click()
  await page.locator('#compte[data-zoom="8"]').waitFor()
  t.pass('a click on a disc zooms in two levels')
  t.same(problems, [])
})

t.test('Saint-Quentin at street scale: each lieu, listed and opened, as /v1/lieux?bbox= gives them', { skip: !browser }, async (t) => {
  const lieu = (await app.inject(`/v1/lieux/${CIO}`)).json<{ nom: string; latitude: number; longitude: number }>()
  const { page, problems } = await openMap(t, `lat=${lieu.latitude}&lon=${lieu.longitude}&zoom=15`)
  t.match(await page.locator('#compte').textContent(), /^\d+ lieux? dans cette zone de la carte\.$/)
  const listed = await page.locator('#liste button').evaluateAll((buttons) => buttons.map((b) => (b as unknown as { dataset: { id: string } }).dataset.id).sort())
  const bbox = await bboxOf(page)
  const api = (await app.inject(`/v1/lieux?bbox=${bbox.join(',')}&limit=100`)).json<{ data: { id: string }[] }>()
  t.same(listed, api.data.map((l) => l.id).sort(), `the ${listed.length} lieux listed are those of /v1/lieux?bbox=`)
  t.ok(listed.includes(CIO))
  t.equal(await page.locator('path.lieu').count(), listed.length, 'one circle drawn per lieu')
  await page.locator(`#liste button[data-id="${CIO}"]`).click()
  const popup = page.locator('.leaflet-popup-content')
  t.match(await popup.textContent(), lieu.nom)
  t.match(await popup.locator('a').getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/directions\?to=49\.84/)
  await page.locator('.leaflet-popup-close-button').click()
  // The circle at the map's centre is the CIO's: a click on it opens the same popup.
  const box = (await page.locator('#carte').boundingBox())!
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  t.match(await popup.textContent(), lieu.nom, 'a click on its circle opens it')
  t.same(problems, [])
})
