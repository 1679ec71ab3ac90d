// One record of the DILA's current export, as the lieu it describes: its AIO pivot, the
// address that carries coordinates (the first entry is often the postal one), contact fields
// cleaned, day ranges and slots as OSM opening_hours, and the communes it serves.
import type { LonLat } from '../../db/geography.js'
import { validOpeningHours } from '../../modules/opening/validate.js'
import type { LieuRow } from '../../modules/sites/lieux-writer.js'
import { type DilaPlageJ, dilaOpeningHours, normalizeEmail, normalizePhone, normalizeUrl } from '../../modules/sites/normalize.js'
import type { DilaService } from './export-format.js'
import { DILA_SOURCE } from './import-2017.js'
import { DILA_AIO_TYPES, dilaExportType } from './types.js'

type Address = NonNullable<DilaService['adresse']>[number]
type Slot = NonNullable<DilaService['plage_ouverture']>[number]

/** The pivot that makes a record an AIO office (a PIJ inside a mairie is one), and its type. */
export function aioPivot(record: DilaService): { code: string; type: string; communes: string[] } | null {
  for (const pivot of record.pivot ?? []) {
    const code = pivot.type_service_local ?? ''
    if (!(code in DILA_AIO_TYPES)) continue
    return { code, type: dilaExportType(code, record.nom ?? '')!, communes: pivot.code_insee_commune ?? [] }
  }
  return null
}

const coordinate = (value: string | undefined): number | undefined => {
  const text = value?.trim() ?? ''
  return text === '' ? undefined : Number(text.replace(',', '.'))
}

/** The visiting address with coordinates, else any entry with them, else the visiting address. */
export function visitingAddress(addresses: Address[] = []): Address | undefined {
  const located = (a: Address) => coordinate(a.latitude) !== undefined && coordinate(a.longitude) !== undefined
  const visiting = addresses.filter((a) => a.type_adresse !== 'Adresse postale')
  return visiting.find(located) ?? addresses.find(located) ?? visiting[0] ?? addresses[0]
}

export function addressPoint(address: Address | undefined): [number | undefined, number | undefined] {
  return [coordinate(address?.longitude), coordinate(address?.latitude)]
}

/** `plage_ouverture` in the 2017 shape, so that one converter writes both files' hours. */
function asPlagesJ(slots: Slot[]): DilaPlageJ[] {
  return slots.map((slot) => ({
    début: slot.nom_jour_debut,
    fin: slot.nom_jour_fin || slot.nom_jour_debut,
    PlageH: [
      { début: slot.valeur_heure_debut_1, fin: slot.valeur_heure_fin_1 },
      { début: slot.valeur_heure_debut_2, fin: slot.valeur_heure_fin_2 }
    ].filter((h) => (h.début ?? '') !== '' || (h.fin ?? '') !== '')
  }))
}

/**
 * OSM opening_hours from the day ranges and their two slots; a slot's comment ("hors vacances
 * scolaires") is kept in the syntax's own comment when it still parses. Null with no slot;
 * undefined when the slots cannot be read (the caller drops the value and counts it).
 */
export function exportOpeningHours(slots: Slot[] | undefined): string | null | undefined {
  const usable = (slots ?? []).filter((s) => (s.nom_jour_debut ?? '') !== '')
  if (usable.length === 0) return null
  const plain = validOpeningHours(dilaOpeningHours(asPlagesJ(usable)))
  if (plain === null) return undefined
  const comments = [...new Set(usable.map((s) => s.commentaire?.trim().replace(/"/g, "'") ?? '').filter(Boolean))]
  if (comments.length === 0) return plain
  return validOpeningHours(`${plain} "${comments.join(' ').slice(0, 200)}"`) ?? plain
}

/** `DD/MM/YYYY HH:MM:SS` as an ISO date. */
export function exportDate(value: string | undefined): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(value ?? '')
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null
}

export interface MapContext {
  communeCode(raw: string | undefined): string | null
  place(points: [number | undefined, number | undefined][], codeInsee: string | null, sourceId: string): { position: LonLat; precision: 'adresse' | 'commune' } | null
  clean<T>(field: string, raw: string | undefined, fn: (value: string | undefined) => T | null): T | null
  /** A value present but unreadable, dropped from a kept row. */
  dropped(field: string): void
}

/** The lieu a record describes (without its structure), or null when it cannot be placed. */
export function exportLieu(record: DilaService, type: string, ctx: MapContext): Omit<LieuRow, 'id' | 'structure'> | null {
  const address = visitingAddress(record.adresse)
  const codeInsee = ctx.communeCode(record.code_insee_commune)
  // A record without coordinates stands at its commune's centre (precision commune), never at 0,0.
  const placed = ctx.place([addressPoint(address)], codeInsee, record.id!)
  if (!placed) return null
  const complement = [address?.complement1, address?.complement2, address?.service_distribution]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
  const horaires = exportOpeningHours(record.plage_ouverture)
  if (horaires === undefined) ctx.dropped('horaires_accueil')
  const accessibilite = address?.accessibilite?.trim() ?? ''
  const dateMaj = exportDate(record.date_modification)
  return {
    type,
    type_origine: null,
    nom: record.nom!.trim(),
    adresse: address?.numero_voie?.trim() || null,
    complement_adresse: complement.length > 0 ? complement.join(', ') : null,
    code_postal: /^\d{5}$/.test(address?.code_postal?.trim() ?? '') ? address!.code_postal!.trim() : null,
    commune: address?.nom_commune?.trim() || null,
    code_insee: codeInsee,
    position: placed.position,
    precision_position: placed.precision,
    telephone: ctx.clean('telephone', record.telephone?.[0]?.valeur, (v) => normalizePhone(v, codeInsee)),
    courriel: ctx.clean('courriel', record.adresse_courriel?.[0], normalizeEmail),
    site_web: ctx.clean('site_web', record.site_internet?.[0]?.valeur, normalizeUrl),
    horaires_accueil: horaires ?? null,
    accessibilite: ['ACC', 'DEM', 'NAC'].includes(accessibilite) ? accessibilite : null,
    modes_accueil: ['en-presentiel'],
    source: DILA_SOURCE,
    source_id: record.id!,
    date_maj: dateMaj,
    statut: 'actif'
  }
}
