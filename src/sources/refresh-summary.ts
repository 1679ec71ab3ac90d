// The lines a refresh prints once done: which file, of which date, and what applying it did.
import type { RefreshResult } from './refresh.js'

const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US')
const byCount = (counts: Record<string, number> | undefined) =>
  Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]).map(([code, count]) => `${code} ${n(count)}`).join(', ')

export function describeRefresh(result: RefreshResult, ms: number): string {
  const s = result.summary as RefreshResult['summary'] & {
    rouverts?: number; non_aio?: number; autre_source?: number; valeurs_source?: number; france_services_anct?: number; types_inconnus?: Record<string, number>
    sans_type?: Record<string, number>; zones?: { lieux: number; communes: number }; types_agence?: Record<string, number>; dila_restants?: number
  }
  if (result.alreadyApplied) {
    return `${result.source.nom}: ${result.fichier}${result.dateFichier ? ` (file of ${result.dateFichier.slice(0, 10)})` : ''} is the file applied last ` +
      `(same SHA-256${result.notModified ? ', and the publisher answered 304' : ''}): nothing to do (--force applies it again)`
  }
  const lines = [
    `${result.source.nom}: ${result.fichier}${result.dateFichier ? ` (file of ${result.dateFichier.slice(0, 10)})` : ''}` +
      `${result.notModified ? ', unchanged at the publisher since the last download' : ''}, from ${result.provenance.url}`,
    `  ${n(s.lus)} records read and applied in ${(ms / 1000).toFixed(1)} s, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB` +
      `${s.dry_run ? ' — dry run: nothing was written' : ''}`,
    `  added ${n(s.inseres)} · updated ${n(s.mis_a_jour)} · removed (closed) ${n(s.fermes)}` +
      `${s.rouverts ? ` · reopened ${n(s.rouverts)}` : ''} · unchanged ${n(s.inchanges)} · skipped ${n(s.ignores + s.rejetes)}`
  ]
  const skipped = [
    s.non_aio ? `${n(s.non_aio)} not AIO offices` : '',
    s.france_services_anct ? `${n(s.france_services_anct)} France services (read from ANCT's list)` : '',
    s.autre_source ? `${n(s.autre_source)} kept by a fresher source (the Annuaire de l'éducation's CIO, France Travail's agencies)` : '',
    s.rejetes ? `${n(s.rejetes)} rejected (${byCount(s.raisons)})` : ''
  ].filter(Boolean)
  if (skipped.length > 0) lines.push(`  skipped: ${skipped.join('; ')}`)
  if (Object.keys(s.par_type).length > 0) lines.push(`  lieux by type: ${byCount(s.par_type)}`)
  if (s.types_agence && Object.keys(s.types_agence).length > 0) lines.push(`  agencies by the referential's type: ${byCount(s.types_agence)}`)
  if (s.repris) lines.push(`  the same office as one of another source, which it takes over (ids kept): ${n(s.repris)}`)
  if (s.dila_restants !== undefined) lines.push(`  France Travail offices of the DILA's directory that no agency matched, left to it: ${n(s.dila_restants)}`)
  if (s.positions_approchees) lines.push(`  placed at their commune's centre for want of coordinates: ${n(s.positions_approchees)}`)
  if (s.valeurs_source) lines.push(`  kept the structure's own, fresher edits on ${n(s.valeurs_source)} lieux (the source's values are in their history)`)
  if (s.zones) lines.push(`  competence zones: ${n(s.zones.lieux)} lieux, ${n(s.zones.communes)} communes in all`)
  if (s.sans_type && Object.keys(s.sans_type).length > 0) lines.push(`  AIO codes the glossary has no type for (not loaded): ${byCount(s.sans_type)}`)
  if (s.types_inconnus && Object.keys(s.types_inconnus).length > 0) lines.push(`  unknown type codes: ${byCount(s.types_inconnus)}`)
  return lines.join('\n')
}
