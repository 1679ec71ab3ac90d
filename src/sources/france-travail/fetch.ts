// France Travail's agency referential, behind its partner credentials: an OAuth2
// client-credentials token from France Travail's access manager, then the agencies with their
// hours, kept as one dated file (`agences-YYYYMMDD.json`) with the provenance of the answer, so
// that the import reads it as any other source's file. The credentials and the token go in the
// requests only, never in a file or a message.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ProgressFn } from '../../lib/progress.js'
import { DownloadError, downloadSource, type DownloadResult } from '../download.js'

export const FRANCE_TRAVAIL_TOKEN_URL = 'https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire'
export const FRANCE_TRAVAIL_TOKEN_URL_VARIABLE = 'SOURCE_FRANCE_TRAVAIL_TOKEN_URL'
/**
 * The API's scope and its technical one: every consumer found sends both (data·inclusion,
 * Immersion Facile, Carnet de bord; the older ones also `application_<client id>`, which the
 * Emploi Store asked for).
 */
const SCOPE = 'api_referentielagencesv1 organisationpe'
const TIMEOUT_MS = 60_000

export interface Credentials {
  clientId: string
  clientSecret: string
}

/** The token endpoint's answer to a refusal: `{"error": "invalid_client", "error_description": "Client authentication failed"}`. */
async function refusal(response: Response): Promise<string> {
  const body = await response.text().catch(() => '')
  try {
    const { error, error_description: description } = JSON.parse(body) as { error?: unknown; error_description?: unknown }
    return [error, description].filter((v): v is string => typeof v === 'string' && v !== '').join(': ').slice(0, 200)
  } catch {
    return ''
  }
}

export async function accessToken(tokenUrl: string, credentials: Credentials, fetchImpl: typeof fetch = fetch): Promise<string> {
  const host = URL.canParse(tokenUrl) ? new URL(tokenUrl).host : tokenUrl
  let response: Response
  try {
    response = await fetchImpl(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: SCOPE }),
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name
    throw new DownloadError(`cannot reach France Travail's access manager ${host}: ${cause}`)
  }
  if (!response.ok) {
    const why = await refusal(response)
    // A wrong id or secret answers 400 invalid_client (the access manager's documentation) or 401.
    const credentialsRefused = response.status === 401 || /invalid_client|unauthorized_client/.test(why)
    throw new DownloadError(
      `France Travail's access manager (${host}) answered HTTP ${response.status}${why ? ` (${why})` : ''}` +
        (credentialsRefused ? ': check FRANCE_TRAVAIL_CLIENT_ID and FRANCE_TRAVAIL_CLIENT_SECRET' : '')
    )
  }
  const body = (await response.json().catch(() => null)) as { access_token?: unknown } | null
  if (typeof body?.access_token !== 'string' || body.access_token === '') {
    throw new DownloadError(`France Travail's access manager (${host}) answered without an access_token`)
  }
  return body.access_token
}

export async function fetchFranceTravail(options: {
  url: string
  tokenUrl: string
  credentials: Credentials
  dir: string
  progress?: ProgressFn
}): Promise<DownloadResult> {
  const token = await accessToken(options.tokenUrl, options.credentials)
  const url = new URL(options.url)
  // The hours come only when asked for.
  if (!url.searchParams.has('horaire')) url.searchParams.set('horaire', 'true')
  const answer = await downloadSource({
    url: url.toString(), dir: path.join(options.dir, 'reponse'), step: 'France Travail (agences)', progress: options.progress,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' }
  })
  // Dated by the day it was read: the referential is live, and dates none of its records.
  mkdirSync(options.dir, { recursive: true })
  const fileName = `agences-${answer.provenance.fetchedAt.slice(0, 10).replace(/-/g, '')}.json`
  const file = path.join(options.dir, fileName)
  copyFileSync(answer.file, file)
  const provenance = { ...answer.provenance, url: options.url, fileName }
  writeFileSync(`${file}.provenance.json`, JSON.stringify(provenance, null, 2))
  return { file, provenance, notModified: answer.notModified }
}
