// The exported datasets: for each, its fields (Table Schema and SQL, see fields.ts), the rows
// it reads, the tables it depends on (its revision) and the filters it takes. Titles and
// descriptions are the published documentation of the files, in French like the data.gouv
// schemas they sit beside.
import { type SQL, sql } from 'drizzle-orm'
import { readGlossarySeeds } from '../glossary/seed.js'
import { ACTIVE_LIEU, NOMBRE_LIEUX } from '../sites/repository.js'
import { CODE_LIST_PATTERN, type ExportField } from './fields.js'

export const DATASET_NAMES = ['lieux', 'structures', 'types', 'missions', 'publics', 'besoins'] as const
export type DatasetName = (typeof DATASET_NAMES)[number]
export const FORMATS = ['csv', 'geojson', 'ndjson'] as const
export type ExportFormat = (typeof FORMATS)[number]

export interface Dataset {
  name: DatasetName
  title: string
  description: string
  fields: ExportField[]
  /** FROM clause; the row alias of the main table is the key's. */
  from: SQL
  /** The rows the file holds at all (closed lieux are left out). */
  where?: SQL
  /** The unique, indexed key the rows are ordered and paged by. */
  key: SQL
  /** Field holding the key (the Table Schema primary key). */
  primaryKey: string
  /** Tables whose changes change the file: its ETag and Last-Modified. */
  tables: string[]
  /** Fields holding the point (GeoJSON geometry); datasets without one have no GeoJSON. */
  geometry?: { longitude: string; latitude: string }
  /** Foreign keys, for the Table Schema. */
  foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[]
  /** Whether the /v1/lieux filters apply. */
  filterable: boolean
}

const seeds = readGlossarySeeds()
const typeCodes = seeds.types.map((t) => t.code)

const CODE = '[a-z0-9]+(-[a-z0-9]+)*'
const str = (name: string, title: string, description: string, value: SQL, extra: Partial<ExportField> = {}): ExportField =>
  ({ name, title, description, type: 'string', example: '', value, ...extra })

const LIEUX_FIELDS: ExportField[] = [
  str('id', 'Identifiant', 'Identifiant stable du lieu dans ce jeu de données.', sql`l.id`,
    { example: 'dila-cio-02691-01', constraints: { required: true, unique: true } }),
  str('nom', 'Nom', "Nom du lieu d'accueil.", sql`l.nom`,
    { example: "Centre d'information et d'orientation (CIO) - Saint-Quentin", constraints: { required: true } }),
  str('type', 'Type de structure', 'Code du type de structure (glossaire AIO, jeu types) ; un réseau renommé a le code de son successeur.', sql`l.type`,
    { example: 'cio', constraints: { required: true, enum: typeCodes } }),
  str('type_origine', "Type d'origine", 'Code du type donné par la source, quand ce type a depuis été renommé.', sql`l.type_origine`,
    { example: 'pole-emploi', constraints: { enum: typeCodes } }),
  str('structure', 'Structure', 'Identifiant de la structure (jeu structures) qui accueille le public en ce lieu.', sql`l.structure`,
    { example: 'dila-cio-02691-01', constraints: { required: true } }),
  str('adresse', 'Adresse', 'Numéro et voie.', sql`l.adresse`, { example: '38 bis boulevard Gambetta' }),
  str('complement_adresse', "Complément d'adresse", 'Bâtiment, étage, boîte postale.', sql`l.complement_adresse`, { example: 'BP 123' }),
  str('code_postal', 'Code postal', 'Code postal.', sql`l.code_postal`, { example: '02100', constraints: { pattern: '\\d{5}' } }),
  str('commune', 'Commune', 'Nom de la commune.', sql`l.commune`, { example: 'Saint-Quentin' }),
  str('code_insee', 'Code INSEE', 'Code INSEE de la commune (COG en vigueur : une commune fusionnée a le code de la commune nouvelle).', sql`l.code_insee`,
    { example: '02691', constraints: { pattern: '(\\d{5}|2[AB]\\d{3})' } }),
  str('code_departement', 'Code département', 'Code du département de la commune.', sql`c.departement`,
    { example: '02', constraints: { pattern: '(\\d{2,3}|2[AB])' } }),
  str('code_region', 'Code région', 'Code de la région de la commune.', sql`c.region`, { example: '32', constraints: { pattern: '\\d{2}' } }),
  str('code_epci', 'Code EPCI', "SIREN de l'EPCI à fiscalité propre de la commune.", sql`c.epci`,
    { example: '200071892', constraints: { pattern: '\\d{9}' } }),
  { name: 'latitude', title: 'Latitude', description: 'Latitude (WGS 84), en degrés décimaux, 6 décimales.', type: 'number', example: '49.846699',
    value: sql`ST_Y(l.position::geometry)`, decimals: 6, constraints: { required: true, minimum: -90, maximum: 90 } },
  { name: 'longitude', title: 'Longitude', description: 'Longitude (WGS 84), en degrés décimaux, 6 décimales.', type: 'number', example: '3.295730',
    value: sql`ST_X(l.position::geometry)`, decimals: 6, constraints: { required: true, minimum: -180, maximum: 180 } },
  str('precision_position', 'Précision de la position',
    "adresse : la position du lieu ; commune : le centre de sa commune, faute de coordonnées dans la source ou parce que celles-ci " +
      "n'étaient pas crédibles (loin de la commune, inversées, hors de France).",
    sql`l.precision_position`, { example: 'adresse', constraints: { required: true, enum: ['adresse', 'commune'] } }),
  str('telephone', 'Téléphone', 'Numéro de téléphone, au format E.164 quand il a pu être normalisé.', sql`l.telephone`, { example: '+33323642777' }),
  str('courriel', 'Courriel', 'Adresse électronique de contact.', sql`l.courriel`, { example: 'cio.saint-quentin@ac-amiens.fr', format: 'email' }),
  str('site_web', 'Site web', 'Adresse du site web.', sql`l.site_web`, { example: 'https://www.onisep.fr', format: 'uri' }),
  str('horaires_accueil', "Horaires d'accueil", "Horaires d'ouverture au public, syntaxe opening_hours d'OpenStreetMap.", sql`l.horaires_accueil`,
    { example: 'Mo-Fr 08:30-12:00,13:30-17:30' }),
  str('accessibilite', 'Accessibilité', 'Accessibilité aux personnes en fauteuil roulant : ACC accessible, DEM sur demande, NAC non accessible (codes DILA).',
    sql`l.accessibilite`, { example: 'ACC', constraints: { enum: ['ACC', 'DEM', 'NAC'] } }),
  { ...str('modes_accueil', "Modes d'accueil", "Modes d'accueil (vocabulaire data·inclusion modes-accueil), séparés par |.", sql`l.modes_accueil`,
    { example: 'en-presentiel', constraints: { pattern: CODE_LIST_PATTERN } }), list: true },
  str('source', 'Source', 'Jeu de données source (voir les sources du datapackage.json).', sql`l.source`,
    { example: 'dila', constraints: { required: true } }),
  str('source_id', 'Identifiant dans la source', "Identifiant de l'enregistrement dans la source.", sql`l.source_id`,
    { example: 'cio-02691-01', constraints: { required: true } }),
  { name: 'date_maj', title: 'Date de mise à jour', description: "Date de dernière mise à jour de l'enregistrement dans la source (ISO 8601).",
    type: 'date', example: '2016-12-19', value: sql`l.date_maj` },
  str('statut', 'Statut', 'actif ou ferme.', sql`l.statut`, { example: 'actif', constraints: { required: true, enum: ['actif', 'ferme'] } }),
  { name: 'a_confirmer', title: 'À confirmer', type: 'boolean', example: 'false', value: sql`l.a_confirmer`, constraints: { required: true },
    description: "true : lieu d'une source ancienne que la source plus récente de son réseau ne cite plus (MSAP de 2017 absente de la liste " +
      'France services de 2024) ; il a pu fermer ou déménager.' }
]

const STRUCTURES_FIELDS: ExportField[] = [
  str('id', 'Identifiant', 'Identifiant stable de la structure.', sql`s.id`, { example: 'dila-cio-02691-01', constraints: { required: true, unique: true } }),
  str('nom', 'Nom', 'Nom de la structure.', sql`s.nom`, { example: "Centre d'information et d'orientation (CIO) - Saint-Quentin", constraints: { required: true } }),
  str('type', 'Type de structure', 'Code du type de structure (jeu types).', sql`s.type`, { example: 'cio', constraints: { required: true, enum: typeCodes } }),
  str('siret', 'SIRET', 'Numéro SIRET.', sql`s.siret`, { example: '18020001600012', constraints: { pattern: '\\d{14}' } }),
  str('site_web', 'Site web', 'Adresse du site web.', sql`s.site_web`, { example: 'https://www.onisep.fr', format: 'uri' }),
  str('source', 'Source', 'Jeu de données source.', sql`s.source`, { example: 'dila', constraints: { required: true } }),
  { name: 'date_maj', title: 'Date de mise à jour', description: 'Date de dernière mise à jour dans la source (ISO 8601).', type: 'date',
    example: '2016-12-19', value: sql`s.date_maj` },
  { name: 'nombre_lieux', title: 'Nombre de lieux', description: "Nombre de lieux d'accueil de la structure (jeu lieux).", type: 'integer',
    example: '1', value: NOMBRE_LIEUX, constraints: { required: true, minimum: 0 } }
]

const list = (name: string, title: string, description: string, value: SQL, example: string, pattern = CODE_LIST_PATTERN): ExportField =>
  ({ ...str(name, title, description, value, { example, constraints: { pattern } }), list: true })

const TYPES_FIELDS: ExportField[] = [
  str('code', 'Code', 'Code stable du type (kebab-case).', sql`t.code`, { example: 'cio', constraints: { required: true, unique: true, pattern: CODE } }),
  str('sigle', 'Sigle', 'Sigle usuel.', sql`t.sigle`, { example: 'CIO', constraints: { required: true } }),
  str('nom', 'Nom', 'Nom développé.', sql`t.nom`, { example: "Centre d'information et d'orientation", constraints: { required: true } }),
  str('description', 'Description', 'Ce que fait ce type de structure.', sql`t.description`, { example: 'Service public gratuit…', constraints: { required: true } }),
  str('historique', 'Historique', "Comment ce réseau est devenu ce qu'il est.", sql`t.historique`, { example: 'Créés en 1971…' }),
  str('reseau', 'Réseau', 'Tête de réseau ou ministère de tutelle.', sql`t.reseau`, { example: 'Éducation nationale', constraints: { required: true } }),
  str('statut', 'Statut', 'actif, renomme ou disparu.', sql`t.statut`, { example: 'actif', constraints: { required: true, enum: ['actif', 'renomme', 'disparu'] } }),
  list('remplace_par', 'Remplacé par', 'Codes des types qui ont pris la suite (vide si actif), séparés par |.', sql`t.remplace_par`, 'france-travail'),
  { name: 'annee_changement', title: 'Année du changement', description: "Année du renommage ou de la disparition.", type: 'integer', example: '2023',
    value: sql`t.annee_changement`, constraints: { minimum: 1900, maximum: 2100 } },
  { ...str('anciens_noms', 'Anciens noms', 'Noms portés auparavant, séparés par |.', sql`t.anciens_noms`, { example: 'Pôle emploi' }), list: true },
  str('site_web', 'Site web', 'Site du réseau.', sql`t.site_web`, { example: 'https://www.francetravail.fr', format: 'uri' }),
  str('perimetre', 'Périmètre', "Échelle d'intervention d'une structure de ce type.", sql`t.perimetre`,
    { example: 'local', constraints: { required: true, enum: ['national', 'regional', 'departemental', 'bassin-emploi', 'local'] } }),
  list('missions', 'Missions', 'Codes des missions (jeu missions), séparés par |.',
    sql`ARRAY(SELECT m.code FROM type_missions x JOIN missions m ON m.code = x.mission WHERE x.type = t.code ORDER BY m.ordre)`, 'informer-formation|conseiller-orientation'),
  list('publics', 'Publics', 'Codes des publics (jeu publics), séparés par |.',
    sql`ARRAY(SELECT p.code FROM type_publics x JOIN publics p ON p.code = x.public WHERE x.type = t.code ORDER BY p.ordre)`, 'scolaires|etudiants'),
  list('besoins', 'Besoins', 'Codes des besoins (jeu besoins), du plus pertinent au moins pertinent, séparés par |.',
    sql`ARRAY(SELECT b.code FROM type_besoins x JOIN besoins b ON b.code = x.besoin WHERE x.type = t.code ORDER BY x.poids DESC, b.ordre)`, 'choisir-orientation'),
  str('pivot_dila', 'Code pivot DILA', "Code « pivot local » de l'annuaire de service-public.fr.", sql`t.correspondances->>'pivot_dila'`, { example: 'cio' }),
  str('di_reseau_porteur', 'Réseau porteur data·inclusion', 'Code reseaux-porteurs du schéma data·inclusion v1.', sql`t.correspondances->>'di_reseau_porteur'`,
    { example: 'mission-locale' }),
  str('di_typologie', 'Typologie data·inclusion', 'Code typologies-de-structures du schéma data·inclusion v0.', sql`t.correspondances->>'di_typologie'`, { example: 'ML' }),
  { name: 'cite_au_rapport', title: "Cité au rapport de l'atelier AIO", description: "Un des 19 sigles du rapport de l'atelier AIO.", type: 'boolean',
    example: 'true', value: sql`t.cite_au_rapport`, constraints: { required: true } }
]

/** A vocabulary of the glossary: its code, its own fields, its display order. */
function vocabulary(
  name: 'missions' | 'publics' | 'besoins',
  alias: string,
  title: string,
  description: string,
  example: string,
  fields: ExportField[],
  foreignKeys?: Dataset['foreignKeys']
): Dataset {
  return {
    name,
    title,
    description,
    fields: [
      str('code', 'Code', 'Code stable (kebab-case).', sql.raw(`${alias}.code`), { example, constraints: { required: true, unique: true, pattern: CODE } }),
      ...fields,
      { name: 'ordre', title: 'Ordre', description: "Rang d'affichage.", type: 'integer', example: '1', value: sql.raw(`${alias}.ordre`), constraints: { required: true } }
    ],
    from: sql.raw(`${name} ${alias}`),
    key: sql.raw(`${alias}.code`),
    primaryKey: 'code',
    tables: [name],
    ...(foreignKeys ? { foreignKeys } : {}),
    filterable: false
  }
}

export const DATASETS: Record<DatasetName, Dataset> = {
  lieux: {
    name: 'lieux',
    title: "Lieux d'accueil du réseau AIO",
    description: "Les lieux où les structures de l'accueil, de l'information et de l'orientation reçoivent le public, géolocalisés.",
    fields: LIEUX_FIELDS,
    // No join to structures: the file holds the structure's id only (read from the lieu).
    from: sql`lieux l LEFT JOIN communes c ON c.code_insee = l.code_insee`,
    where: ACTIVE_LIEU,
    key: sql`l.id`,
    primaryKey: 'id',
    tables: ['lieux', 'communes'],
    geometry: { longitude: 'longitude', latitude: 'latitude' },
    foreignKeys: [
      { fields: 'type', reference: { resource: 'types', fields: 'code' } },
      { fields: 'structure', reference: { resource: 'structures', fields: 'id' } }
    ],
    filterable: true
  },
  structures: {
    name: 'structures',
    title: 'Structures du réseau AIO',
    description: 'Les organisations (une mission locale, un CIDFF, une agence France Travail…) et le nombre de leurs lieux.',
    fields: STRUCTURES_FIELDS,
    from: sql`structures s`,
    key: sql`s.id`,
    primaryKey: 'id',
    tables: ['structures', 'lieux'],
    foreignKeys: [{ fields: 'type', reference: { resource: 'types', fields: 'code' } }],
    filterable: true
  },
  types: {
    name: 'types',
    title: 'Types de structures du réseau AIO (glossaire)',
    description: "Le glossaire des types de structures : sigles, missions, publics et besoins auxquels ils répondent, filiation des réseaux renommés.",
    fields: TYPES_FIELDS,
    from: sql`types t`,
    key: sql`t.code`,
    primaryKey: 'code',
    tables: ['types', 'type_missions', 'type_publics', 'type_besoins'],
    filterable: false
  },
  missions: vocabulary('missions', 'm', 'Missions du réseau AIO', "Les six missions de l'accueil, de l'information et de l'orientation.", 'informer-formation', [
    str('libelle', 'Libellé', 'Libellé court.', sql`m.libelle`, { example: 'Informer sur les formations', constraints: { required: true } }),
    str('description', 'Description', 'Ce que recouvre la mission.', sql`m.description`, { example: 'Informer…', constraints: { required: true } })
  ]),
  publics: vocabulary('publics', 'p', 'Publics du réseau AIO', 'Les publics auxquels les structures s’adressent.', 'scolaires', [
    str('libelle', 'Libellé', 'Libellé court.', sql`p.libelle`, { example: 'Scolaires', constraints: { required: true } }),
    str('description', 'Description', 'Qui est concerné.', sql`p.description`, { example: 'Collégiens et lycéens.', constraints: { required: true } }),
    str('code_di_public', 'Public data·inclusion', 'Code publics le plus proche du schéma data·inclusion v1.', sql`p.code_di_public`, { example: 'jeunes' })
  ]),
  besoins: vocabulary('besoins', 'b', 'Besoins des personnes', 'Les besoins tels que les personnes les expriment, rattachés à une mission.', 'choisir-orientation', [
    str('libelle', 'Libellé', 'Libellé court.', sql`b.libelle`, { example: 'Choisir une orientation', constraints: { required: true } }),
    str('formulation', 'Formulation', 'Le besoin à la première personne.', sql`b.formulation`, { example: 'Je ne sais pas quoi faire après la 3e', constraints: { required: true } }),
    str('description', 'Description', 'Ce que recouvre le besoin.', sql`b.description`, { example: 'Trouver sa voie…', constraints: { required: true } }),
    str('mission', 'Mission', 'Code de la mission (jeu missions).', sql`b.mission`, { example: 'conseiller-orientation', constraints: { required: true } })
  ], [{ fields: 'mission', reference: { resource: 'missions', fields: 'code' } }])
}

/** The formats a dataset is published in: GeoJSON only where rows have a point. */
export function formatsOf(dataset: Dataset): ExportFormat[] {
  return dataset.geometry ? ['csv', 'geojson', 'ndjson'] : ['csv', 'ndjson']
}

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  ndjson: 'application/x-ndjson'
}

/** The media type without its parameters, as the catalogue and the Data Package give it. */
export const mediaTypeOf = (format: ExportFormat) => MEDIA_TYPES[format].split(';')[0]!
