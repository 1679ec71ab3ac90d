// GraphiQL and the OpenAPI documentation in a real browser, with every request to another
// origin blocked (as offline): each page loads, satisfies its Content-Security-Policy and works.
import type { Browser, Page } from 'playwright-core'
import t from 'tap'
import { launchBrowser } from '../../helpers/browser.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const origin = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser(t)

/** A page that may reach only the API; what it tried elsewhere, and what the CSP refused. */
async function openPage(b: Browser): Promise<{ page: Page; outside: string[]; problems: string[] }> {
  const page = await b.newPage()
  const outside: string[] = []
  const problems: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue()
    outside.push(url)
    return route.abort()
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  return { page, outside, problems }
}

t.test('GraphiQL loads from the API alone and runs a query', { skip: !browser }, async (t) => {
  const { page, outside, problems } = await openPage(browser!)
  const response = await page.goto(`${origin}/graphiql`)
  t.equal(response?.status(), 200)
  t.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/)
  await page.waitForSelector('.graphiql-container', { timeout: 20_000 })
  t.match(await page.textContent('.graphiql-query-editor'), /orientation/, 'the example query is in the editor')
  await page.click('.graphiql-execute-button')
  await page.locator('.result-window', { hasText: 'recommandations' }).waitFor({ timeout: 20_000 })
  t.match(await page.textContent('.result-window'), /pourquoi/, 'the answer is shown')
  t.same(outside, [], 'nothing requested from another origin')
  t.same(problems.filter((p) => /Content Security Policy|Refused/.test(p)), [], 'no CSP violation')
  t.same(problems, [], 'no error in the console')
})

t.test('the OpenAPI documentation loads from the API alone under its CSP', { skip: !browser }, async (t) => {
  const { page, outside, problems } = await openPage(browser!)
  const response = await page.goto(`${origin}/docs`)
  t.equal(response?.status(), 200)
  await page.waitForSelector('.opblock-summary', { timeout: 20_000 })
  t.ok(await page.locator('.opblock-summary').count() > 10, 'the operations are listed')
  t.same(outside, [], 'nothing requested from another origin')
  t.same(problems, [], 'no error in the console (CSP included)')
})
