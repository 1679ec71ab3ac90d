// The widget on a partner's page: a host served from another origin, with a strict
// Content-Security-Policy (no inline script or style) and CSS that resets everything,
// embeds the README's snippet; a real browser shows the lieux a person can act on.
import t from 'tap'
import { launchBrowser } from '../../helpers/browser.js'
import { buildTestApp } from '../../helpers/build-app.js'
import { computed, hostPage } from '../../helpers/host-page.js'

const app = await buildTestApp(t)
const api = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser(t)

t.test('the script is served to any origin, cached and revalidated', async (t) => {
  const res = await app.inject({ url: '/widget/aio.js', headers: { origin: 'https://portail.example' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/javascript/)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin')
  t.match(res.body, /customElements/)
  const again = await app.inject({ url: '/widget/aio.js', headers: { 'if-none-match': String(res.headers.etag) } })
  t.equal(again.statusCode, 304)
})

t.test('<aio-lieux> on another origin under a strict CSP: the Missions locales of the Aisne', { skip: !browser }, async (t) => {
  const host = await hostPage(api, `<script type="module" src="${api}/widget/aio.js"></script>
<aio-lieux type="ml" code-departement="02" limit="5"></aio-lieux>`)
  t.teardown(host.close)
  const page = await browser!.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(host.url)
  const cards = page.locator('aio-lieux li[part=lieu]')
  await cards.first().waitFor({ timeout: 20_000 })
  t.equal(await cards.count(), 5)
  const names = await page.locator('aio-lieux h3').allTextContents()
  t.ok(names.every((name) => /mission locale/i.test(name)), names.join(' | '))
  const first = cards.first()
  t.match(await first.locator('[part=address]').textContent(), /\d{5} /, 'an address with its postcode')
  const tel = await first.locator('a[href^="tel:"]').getAttribute('href')
  t.match(tel, /^tel:\+33\d{9}$/, `a phone number a phone can dial: ${tel}`)
  t.match(await first.locator('a[href^="tel:"]').textContent(), /^0\d( \d{2}){4}$/, 'shown as people write it')
  t.match(await first.locator('a', { hasText: 'Itinéraire' }).getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/directions\?to=/)
  t.match(await page.locator('aio-lieux [role=status]').textContent(), /5 lieux/, 'the count is announced')
  // The host's `* { all: unset }` and its `li`/`h3` rules stop at the shadow root.
  t.equal(await first.evaluate(computed, 'borderTopStyle'), 'solid')
  t.not(await page.locator('aio-lieux h3').first().evaluate(computed, 'color'), 'rgb(255, 0, 0)')
  t.same(problems, [], 'no error and no CSP violation in the console')
  await page.screenshot({ path: `${t.testdirName}-lieux.png`, fullPage: true }).catch(() => {})
})

t.test('a lieu named before its network was renamed says what it is today; short numbers read as people say them', { skip: !browser }, async (t) => {
  const host = await hostPage(api, `<script type="module" src="${api}/widget/aio.js"></script>
<aio-lieux type="france-travail" code-commune="02691" limit="1"></aio-lieux>`)
  t.teardown(host.close)
  const page = await browser!.newPage()
  t.teardown(() => page.close())
  await page.goto(host.url)
  const card = page.locator('aio-lieux li[part=lieu]').first()
  await card.waitFor({ timeout: 20_000 })
  t.match(await card.locator('[part=name]').textContent(), /^Pôle emploi/, 'the name the 2017 source gave')
  t.equal(await card.locator('[part=renamed]').textContent(), 'Nom à la date de la source : ce lieu relève aujourd’hui de France Travail.')
  t.equal(await card.locator('a[href^="tel:"]').textContent(), '39 49')
  t.equal(await card.locator('a[href^="tel:"]').getAttribute('href'), 'tel:3949')
  const preview = await app.inject('/widget/apercu.png')
  t.equal(preview.headers['content-type'], 'image/png', 'the preview image the configurator and the README show')
})
