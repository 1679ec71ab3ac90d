// The sentence that tells a person why a type fits them, written from the glossary.

export interface Match {
  sigle: string
  besoins: { libelle: string; poids: number }[]
  publics: { code: string; libelle: string; condition: string | null }[]
}

const STRENGTH: Record<number, string> = {
  3: 'est la référence pour',
  2: 'répond à',
  1: 'peut aider pour'
}

const quote = (s: string) => `« ${s} »`

function lower(libelle: string): string {
  // "Collégiens et lycéens" → "collégiens et lycéens"; acronyms stay as they are.
  return /^[A-ZÀ-Ý][a-zà-ÿ]/.test(libelle) ? libelle[0]!.toLowerCase() + libelle.slice(1) : libelle
}

export function explain(match: Match): string {
  const parts: string[] = []
  for (const poids of [3, 2, 1]) {
    const needs = match.besoins.filter((b) => b.poids === poids).map((b) => quote(b.libelle))
    if (needs.length > 0) parts.push(`${STRENGTH[poids]} ${needs.join(' et ')}`)
  }
  const specific = match.publics.filter((p) => p.code !== 'tous-publics')
  const audience =
    specific.length > 0
      ? `accueille les ${specific.map((p) => `${lower(p.libelle)}${p.condition ? ` (${p.condition})` : ''}`).join(', ')}`
      : `est ouvert à tous${match.publics[0]?.condition ? ` (${match.publics[0].condition})` : ''}`
  return `${match.sigle} ${parts.join(', ')}, et ${audience}.`
}
