// Cleaning of the contact fields of source files: a malformed value is dropped (null) and
// the caller reports it; the row itself is kept.

const DAYS: Record<string, string> = {
  lundi: 'Mo', mardi: 'Tu', mercredi: 'We', jeudi: 'Th', vendredi: 'Fr', samedi: 'Sa', dimanche: 'Su'
}

export interface DilaPlageH { début?: string; fin?: string }
export interface DilaPlageJ { début?: string; fin?: string; PlageH?: DilaPlageH | DilaPlageH[] }

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

function hhmm(time: string | undefined): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time ?? '')
  if (!match) return null
  const h = Number(match[1])
  const m = Number(match[2])
  if (h > 24 || m > 59) return null
  return `${String(h).padStart(2, '0')}:${match[2]}`
}

/**
 * DILA `Ouverture.PlageJ` to OSM opening_hours: "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00".
 * Returns null when nothing usable remains.
 */
export function dilaOpeningHours(plages: DilaPlageJ | DilaPlageJ[] | undefined): string | null {
  const rules: { day: number; text: string }[] = []
  const order = Object.values(DAYS)
  for (const plage of asArray(plages)) {
    const from = DAYS[(plage.début ?? '').toLowerCase()]
    const to = DAYS[(plage.fin ?? plage.début ?? '').toLowerCase()]
    if (!from || !to) return null
    const hours = asArray(plage.PlageH).map((h) => {
      const start = hhmm(h.début)
      const end = hhmm(h.fin)
      return start && end && start < end ? `${start}-${end}` : null
    })
    if (hours.length === 0 || hours.some((h) => h === null)) return null
    rules.push({ day: order.indexOf(from), text: `${from === to ? from : `${from}-${to}`} ${hours.join(',')}` })
  }
  // In week order, as people read them (the source lists them in any order).
  return rules.length > 0 ? rules.sort((a, b) => a.day - b.day).map((r) => r.text).join('; ') : null
}

/** Overseas départements dial their own country code, not +33. */
const OVERSEAS_PREFIX: Record<string, string> = {
  '971': '590', '972': '596', '973': '594', '974': '262', '976': '262', '975': '508', '977': '590', '978': '590'
}

/**
 * The text of a DILA value: a plain string, or an object carrying it in `$t` (a phone number
 * with its cost notice: { "coût": "Numéro violet...", "$t": "3949" }).
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as { $t?: unknown }).$t === 'string') return (value as { $t: string }).$t
  return undefined
}

/**
 * A French phone number in E.164 (+33323642777); a short national service number (3949) as
 * it is dialled, since it has no E.164 form; null when it is neither.
 */
export function normalizePhone(raw: string | undefined, codeInsee?: string | null): string | null {
  if (!raw) return null
  const digits = raw.replace(/[^\d+]/g, '')
  if (/^3\d{3}$/.test(digits)) return digits
  if (/^\+\d{9,14}$/.test(digits)) return digits
  if (/^00\d{9,14}$/.test(digits)) return `+${digits.slice(2)}`
  if (/^0[1-9]\d{8}$/.test(digits)) {
    const country = OVERSEAS_PREFIX[codeInsee?.slice(0, 3) ?? ''] ?? '33'
    return `+${country}${digits.slice(1)}`
  }
  return null
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i
// What a host glued to its path ends with ("www.ville.frespace.html"): a file, not a TLD.
const FILE_EXTENSIONS = new Set(['html', 'htm', 'php', 'asp', 'aspx', 'jsp', 'cfm'])

/** A DNS host name: letter-digit-hyphen labels and a letter TLD (no underscores, no file names). */
function isHostName(host: string): boolean {
  const labels = host.split('.')
  const tld = labels[labels.length - 1] ?? ''
  return labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l)) && /^[a-z]{2,10}$/i.test(tld) && !FILE_EXTENSIONS.has(tld.toLowerCase())
}

/** An http(s) URL with a plausible host, or null. */
export function normalizeUrl(raw: string | undefined): string | null {
  if (!raw) return null
  let text = raw.trim()
  if (!/^https?:\/\//i.test(text)) text = `http://${text}`
  try {
    const url = new URL(text)
    return isHostName(url.hostname) ? url.toString() : null
  } catch {
    return null
  }
}

/** A plausible e-mail address (dot-atom local part, DNS domain), lower-cased domain, or null. */
export function normalizeEmail(raw: string | undefined): string | null {
  const text = raw?.trim()
  const match = /^([^\s@]+)@([^\s@]+)$/.exec(text ?? '')
  if (!match) return null
  const [, local, domain] = match as unknown as [string, string, string]
  if (!/^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i.test(local) || !isHostName(domain)) return null
  return `${local}@${domain.toLowerCase()}`
}
