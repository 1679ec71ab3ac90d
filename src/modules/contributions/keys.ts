// Keys as a structure receives them: `aio_<id>_<secret>`. The id (public, 12 characters) finds
// the key's row; the secret (32 random bytes) is checked against its Argon2id hash, the only
// form in which it is stored. Argon2id is memory-hard (19 MiB, 2 passes: OWASP's minimum), so
// a stolen table of hashes costs an attacker dearly; its verification compares in constant time.
import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }
const TOKEN = /^aio_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/

export interface NewKey {
  id: string
  /** The whole key, shown once to whoever creates it. */
  token: string
  empreinte: string
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function keyId(): string {
  // 12 characters from 62: 71 bits, enough for an identifier that is not a secret.
  return [...randomBytes(12)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('')
}

export async function newKey(): Promise<NewKey> {
  const id = keyId()
  const secret = randomBytes(32).toString('base64url')
  return { id, token: `aio_${id}_${secret}`, empreinte: await hash(secret, ARGON2) }
}

/** The id and secret of a well-formed key; null for anything else (nothing is looked up). */
export function parseKey(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token)
  return match ? { id: match[1]!, secret: match[2]! } : null
}

export function secretMatches(empreinte: string, secret: string): Promise<boolean> {
  return verify(empreinte, secret).catch(() => false)
}

/**
 * A verified key's digest, remembered for a minute: Argon2 costs ~10 ms of CPU by design, and a
 * structure editing its hours sends a few requests in a row. Only keys that verified are kept,
 * by a SHA-256 of the whole key (never the key itself); revocation and expiry are checked on
 * the key's row at every request, so a revoked key stops at once.
 */
export class VerifiedKeys {
  private readonly seen = new Map<string, number>()
  constructor(private readonly ttlMs = 60_000, private readonly max = 10_000) {}

  private static digest(token: string) {
    return createHash('sha256').update(token).digest('base64url')
  }

  has(token: string, now = Date.now()): boolean {
    const until = this.seen.get(VerifiedKeys.digest(token))
    return until !== undefined && until > now
  }

  add(token: string, now = Date.now()) {
    if (this.seen.size >= this.max) this.seen.clear()
    this.seen.set(VerifiedKeys.digest(token), now + this.ttlMs)
  }
}
