// A real browser for the pages the API serves: Debian's Chromium driven by playwright-core
// (no browser download works here). .ci/run installs it; elsewhere, a machine without it
// skips these tests and says so, unless CI is set, where a missing browser fails.
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import type { Test } from 'tap'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** A browser closed in teardown; undefined (the test skipped) when none is installed outside CI. */
export async function launchBrowser(t: Test): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (.ci/run does)`)
    t.comment(`skipped: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)
    return undefined
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.teardown(() => browser.close())
  return browser
}
