// A partner's page for the widget's browser tests, served from its own origin: a strict
// Content-Security-Policy (scripts, fetches and frames from the API only, no inline script or
// style) and a style sheet that resets everything, around the snippet under test.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A computed style in the page (the test's own types know no DOM). */
export const computed = (node: unknown, property: string) =>
  (globalThis as unknown as { getComputedStyle(node: unknown): Record<string, string> }).getComputedStyle(node)[property]

/** A partner's page on its own origin: strict CSP, hostile CSS, the snippet. */
export async function hostPage(api: string, body: string, lang = 'fr'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.url === '/reset.css') {
      response.writeHead(200, { 'content-type': 'text/css' })
      response.end('* { all: unset; } li { border: none; } h3 { color: red; }')
      return
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'; frame-src ${api}`
    })
    response.end(`<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Portail partenaire</title>
<link rel="stylesheet" href="/reset.css"></head><body><h1>Trouver une Mission locale dans l’Aisne</h1>${body}</body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

