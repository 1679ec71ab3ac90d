// Conditional GET (RFC 9110 §13.1.2): whether the client's copy, named by If-None-Match, is
// the current one. One reading for every route that sets its own ETag and for the plugin that
// gives the others one (plugins/http-cache.ts).

/** Whether If-None-Match names this ETag: a list, weak forms (weak comparison), or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
}
