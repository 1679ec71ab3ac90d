// A lieu's ETag is its place in the change feed: it moves at every change of its content,
// whoever makes it (a structure's edit or an import).
export const lieuEtag = (sequence: number) => `"l${sequence}"`

/** The versions an If-Match header names; `*` is not enough to edit without overwriting blindly. */
export function ifMatchVersions(header: string | undefined): number[] | null {
  if (!header || header.trim() === '*') return null
  return header.split(',').map((tag) => /^\s*(?:W\/)?"l(\d+)"\s*$/.exec(tag)?.[1]).filter((v): v is string => v !== undefined).map(Number)
}
