// A lieu's or structure's ETag is its place in the change feed: it moves at every change of its
// content, whoever makes it (a structure's edit or an import). `l` for a lieu, `s` a structure.
export type Versioned = 'l' | 's'

export const lieuEtag = (sequence: number) => `"l${sequence}"`
export const structureEtag = (sequence: number) => `"s${sequence}"`

/** The versions an If-Match header names; `*` is not enough to edit without overwriting blindly. */
export function ifMatchVersions(header: string | undefined, kind: Versioned = 'l'): number[] | null {
  if (!header || header.trim() === '*') return null
  const tag = new RegExp(`^\\s*(?:W/)?"${kind}(\\d+)"\\s*$`)
  return header.split(',').map((t) => tag.exec(t)?.[1]).filter((v): v is string => v !== undefined).map(Number)
}
