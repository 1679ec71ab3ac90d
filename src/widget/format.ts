// How a lieu is shown to a person: its address on one line, a distance in words, a phone
// number a phone can dial, a way to get there.

export interface Lieu {
  id: string
  nom: string
  adresse: string | null
  complement_adresse?: string | null
  code_postal: string | null
  commune: string | null
  latitude: number
  longitude: number
  telephone: string | null
  courriel: string | null
  site_web: string | null
  /** The current type; `type_origine` is the one the source gave when it has since been renamed. */
  type?: { code: string; nom: string }
  type_origine?: string | null
  horaires_accueil?: string | null
  accessibilite?: 'ACC' | 'DEM' | 'NAC' | null
  a_confirmer?: boolean
  ouverture?: { ouvert: boolean | null; prochain_changement: string | null; commentaire: string | null }
  distance_m?: number | null
  distance_approximative?: boolean
}

export function addressLine(lieu: Lieu): string {
  const town = [lieu.code_postal, lieu.commune].filter(Boolean).join(' ')
  return [lieu.adresse, lieu.complement_adresse, town].filter(Boolean).join(', ')
}

// Shared with the API's sentences (src/lib/distance-in-words.ts).
export { distanceInWords } from '../lib/distance-in-words.js'

/** A French number as people write it (03 23 84 23 23, 39 49); others as the source has them. */
export function phoneInWords(telephone: string): string {
  const digits = telephone.replace(/[^\d+]/g, '')
  const national = /^\+33\d{9}$/.test(digits) ? `0${digits.slice(3)}` : digits
  return /^0\d{9}$|^[1-9]\d{3}$/.test(national) ? national.replace(/(\d{2})(?=\d)/g, '$1 ') : telephone
}

/** `tel:` wants the digits alone, in international form for French numbers. */
export function telHref(telephone: string): string {
  const digits = telephone.replace(/[^\d+]/g, '')
  return `tel:${/^0\d{9}$/.test(digits) ? `+33${digits.slice(1)}` : digits}`
}

/** Directions on OpenStreetMap, from wherever the person is (the site asks). */
export function directionsHref(lieu: Lieu): string {
  return `https://www.openstreetmap.org/directions?to=${lieu.latitude}%2C${lieu.longitude}`
}

/** Only web addresses become links: a `javascript:` URL from a source is shown as nothing. */
export function safeWebHref(url: string | null): string | null {
  if (!url) return null
  try {
    const parsed = new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null
  } catch {
    return null
  }
}
