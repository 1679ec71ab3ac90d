// One record of the DILA's current export ("Base de données locales de Service-public"):
// `{"service": [ … ]}`, one object per office, 47 top-level fields, every value a string or a
// list. The reader checks the envelope only, not each record: every field may be missing, so
// every field is optional here and consumers keep their fallbacks.

export interface DilaPivot {
  /** The office's type code: `mairie`, `cio`, `mission_locale`, `france_travail`… */
  type_service_local?: string
  /** INSEE codes of the communes the office serves: its competence zone. */
  code_insee_commune?: string[]
}

export interface DilaAddress {
  /** `Adresse` (visiting) or `Adresse postale` (often listed first). */
  type_adresse?: string
  complement1?: string
  complement2?: string
  numero_voie?: string
  service_distribution?: string
  code_postal?: string
  nom_commune?: string
  pays?: string
  continent?: string
  /** Decimal degrees as a string, sometimes `""`. */
  longitude?: string
  latitude?: string
  accessibilite?: string
  note_accessibilite?: string
}

export interface DilaPhone {
  /** National format (`01 64 38 30 52`) or a short number (`3949`). */
  valeur?: string
  description?: string
}

export interface DilaWebsite {
  libelle?: string
  valeur?: string
}

export interface DilaOpeningSlot {
  /** French day names; a range runs from `nom_jour_debut` to `nom_jour_fin`. */
  nom_jour_debut?: string
  nom_jour_fin?: string
  /** `HH:MM:SS`; an unused second slot is `""`. */
  valeur_heure_debut_1?: string
  valeur_heure_fin_1?: string
  valeur_heure_debut_2?: string
  valeur_heure_fin_2?: string
  commentaire?: string
}

export interface DilaService {
  /** UUID: the stable key. */
  id?: string
  /** The former key, `<type>-<insee>-<nn>`: the 2017 files' `Organisme/@id`. */
  ancien_code_pivot?: string
  nom?: string
  pivot?: DilaPivot[]
  adresse?: DilaAddress[]
  telephone?: DilaPhone[]
  adresse_courriel?: string[]
  site_internet?: DilaWebsite[]
  plage_ouverture?: DilaOpeningSlot[]
  /** `DD/MM/YYYY HH:MM:SS`. */
  date_modification?: string
  date_creation?: string
  /** The office's own commune. */
  code_insee_commune?: string
  url_service_public?: string
  siret?: string
  categorie?: string
  statut_de_diffusion?: string

  // The other published fields: no reader uses them yet, listed so that a record keeps its layout.
  commentaire_plage_ouverture?: string
  telecopie?: string[]
  mission?: string
  information_complementaire?: string
  copyright?: string
  siren?: string
  sigle?: string
  itm_identifiant?: string
  partenaire?: string
  partenaire_identifiant?: string
  partenaire_date_modification?: string
  service_disponible?: string
  type_organisme?: string
  type_repertoire?: string
  version_type?: string
  version_source?: string
  version_etat_modification?: string
  date_diffusion?: string
  reseau_social?: unknown[]
  texte_reference?: unknown[]
  affectation_personne?: unknown[]
  organigramme?: unknown[]
  ancien_identifiant?: unknown[]
  ancien_nom?: unknown[]
  annuaire?: unknown[]
  tchat?: unknown[]
  hierarchie?: unknown[]
  sve?: unknown[]
  telephone_accessible?: unknown[]
  application_mobile?: unknown[]
  formulaire_contact?: unknown[]
}
