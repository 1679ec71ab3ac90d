// What each source of the data is, who publishes it, where, and the attribution its licence
// asks for: one description, read by /v1/sources, the exports' Data Package and the importers.

export const LICENCE_OUVERTE = { nom: 'Licence Ouverte 2.0 (Etalab)', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }

export interface SourceDescription {
  /** The source's name in `npm run refresh -- <nom>` and SOURCE_<NOM>_URL. */
  nom: string
  /** Its key in `chargements`. */
  jeu: string
  /** The `source` its lieux carry, for an office source. */
  source_lieux: string | null
  titre: string
  producteur: string
  /** The credit the licence asks for ("Service-Public.gouv.fr / DILA"). */
  credit: string
  /** The dataset's page. */
  page: string
  /** The publisher's stable download address; null where it must be given (SOURCE_<NOM>_URL or --from). */
  url_defaut: string | null
  licence: typeof LICENCE_OUVERTE
  /** Which fields of a shared office this source decides, when two sources describe it. */
  fait_foi: string
  /** The environment variables its API needs (a key, credentials): without them it is not read, and /v1/sources says so. */
  identifiants?: string[]
}

export const SOURCE_CATALOGUE: SourceDescription[] = [
  {
    nom: 'dila',
    jeu: 'dila',
    source_lieux: 'dila',
    titre: "Annuaire de l'administration : base de données locales de Service-Public",
    producteur: "Direction de l'information légale et administrative (DILA)",
    credit: 'Service-Public.gouv.fr / DILA',
    page: 'https://www.data.gouv.fr/fr/datasets/service-public-fr-annuaire-de-l-administration-base-de-donnees-locales/',
    url_defaut: 'https://www.data.gouv.fr/fr/datasets/r/73302880-e4df-4d4c-8676-1a61bb997f3d',
    licence: LICENCE_OUVERTE,
    fait_foi:
      "Tous les champs des lieux des réseaux AIO qu'il liste (CIO, missions locales — i-milo n'ouvre pas d'API —, France Travail, Information " +
      "jeunesse, CIDFF…) et leurs zones de compétence ; pas les France services, lues dans la liste de l'ANCT, ni les champs des agences " +
      "France Travail que décrit le référentiel de France Travail quand il est lu (elles gardent les zones de la DILA)."
  },
  {
    nom: 'france-services',
    jeu: 'france-services',
    source_lieux: 'anct-france-services',
    titre: 'Liste des structures France services',
    producteur: 'Agence nationale de la cohésion des territoires (ANCT)',
    credit: 'ANCT, liste des structures France services',
    page: 'https://www.data.gouv.fr/fr/datasets/liste-des-structures-france-services/',
    url_defaut: null,
    licence: LICENCE_OUVERTE,
    fait_foi: "Tous les champs des France services (les anciennes MSAP de l'annuaire DILA de 2017 qu'elle reprend gardent leur identifiant)."
  },
  {
    nom: 'education',
    jeu: 'annuaire-education',
    source_lieux: 'annuaire-education',
    titre: "Annuaire de l'éducation",
    producteur: "Ministère de l'Éducation nationale",
    credit: "Ministère de l'Éducation nationale, Annuaire de l'éducation",
    page: 'https://www.data.gouv.fr/fr/datasets/annuaire-de-leducation/',
    url_defaut: 'https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/csv?delimiter=%3B',
    licence: LICENCE_OUVERTE,
    fait_foi: "Les CIO qu'il liste (type « Information et orientation ») : il prend le pas sur l'annuaire DILA pour ces lieux."
  },
  {
    nom: 'data-inclusion',
    jeu: 'data-inclusion',
    source_lieux: 'data-inclusion',
    titre: "Structures de l'offre d'insertion (data·inclusion, schéma v1)",
    producteur: "GIP Plateforme de l'inclusion (data·inclusion)",
    credit: "data·inclusion, GIP Plateforme de l'inclusion",
    page: 'https://www.data.inclusion.gouv.fr/',
    url_defaut: 'https://api.data.inclusion.gouv.fr/api/v1/structures',
    licence: LICENCE_OUVERTE,
    fait_foi:
      "Les réseaux qu'aucune autre source ne liste : BGE, écoles de la deuxième chance, PLIE (clé d'API DATA_INCLUSION_TOKEN). Les réseaux de " +
      "l'annuaire DILA (missions locales, France Travail, Cap emploi, CIDFF…) restent à la DILA.",
    identifiants: ['DATA_INCLUSION_TOKEN']
  },
  {
    nom: 'france-travail',
    jeu: 'france-travail',
    source_lieux: 'france-travail',
    titre: 'Référentiel des agences France Travail (API francetravail.io)',
    producteur: 'France Travail',
    credit: 'France Travail, Référentiel des agences (francetravail.io)',
    page: 'https://francetravail.io/data/api/referentiel-agences',
    url_defaut: 'https://api.francetravail.io/partenaire/referentielagences/v1/agences',
    // The dataset's page on data.gouv.fr says "Other (Public Domain)"; the API is used under francetravail.io's terms.
    licence: { nom: "Conditions d'utilisation des API de francetravail.io", url: 'https://francetravail.io/data/api/referentiel-agences' },
    fait_foi:
      "Les agences France Travail qu'il liste : nom, adresse, position, téléphone, horaires (accueil sans rendez-vous, créneaux sur rendez-vous). " +
      "Une agence que l'annuaire DILA liste aussi (même commune et même adresse ou même nom, ou à moins de 150 m) garde son identifiant ; ses " +
      "zones de compétence restent celles de la DILA. Identifiants FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET.",
    identifiants: ['FRANCE_TRAVAIL_CLIENT_ID', 'FRANCE_TRAVAIL_CLIENT_SECRET']
  },
  {
    nom: 'communes',
    jeu: 'territoires',
    source_lieux: null,
    titre: 'Centres des communes (API Découpage administratif) et découpage administratif (@etalab/decoupage-administratif)',
    producteur: 'IGN, INSEE ; Etalab',
    credit: 'IGN Admin Express / geo.api.gouv.fr ; INSEE, code officiel géographique',
    page: 'https://geo.api.gouv.fr/decoupage-administratif',
    url_defaut: null,
    licence: LICENCE_OUVERTE,
    fait_foi: "La position de repli d'un lieu sans coordonnées (le centre de sa commune), les noms et codes des communes."
  }
]

export const sourceNamed = (nom: string): SourceDescription | undefined => SOURCE_CATALOGUE.find((s) => s.nom === nom)

/** The address a source is read from: SOURCE_<NOM>_URL, else the publisher's. */
export function sourceUrl(source: SourceDescription, env: Record<string, string | undefined> = process.env): string | null {
  return env[sourceUrlVariable(source)]?.trim() || source.url_defaut
}

export const sourceUrlVariable = (source: SourceDescription) => `SOURCE_${source.nom.toUpperCase().replace(/-/g, '_')}_URL`

/** The variables a source's API needs that are not set here. */
export function missingCredentials(source: Pick<SourceDescription, 'identifiants'>, env: Record<string, string | undefined> = process.env): string[] {
  return (source.identifiants ?? []).filter((name) => !env[name]?.trim())
}

/**
 * The attribution the Licence Ouverte asks for: the producer's credit, and where the source
 * was refreshed from a file, that file's name, date and download address.
 */
export function attributionOf(source: Pick<SourceDescription, 'credit'>, file: { fichier: string | null; date: string | null; url: string | null }): string {
  const parts = [source.credit]
  if (file.fichier) parts.push(file.fichier)
  if (file.date) parts.push(`fichier du ${file.date}`)
  if (file.url && /^https?:/.test(file.url)) parts.push(file.url)
  return parts.join(', ')
}
