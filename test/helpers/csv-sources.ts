// Files in the layout of the two CSV sources, for tests: ANCT's France services list (quoted,
// ',', 24 columns) and the Annuaire de l'éducation (';', UTF-8 with BOM, its 69 columns), with
// the columns a test does not give left empty as the publishers leave them.
import { writeFileSync } from 'node:fs'

export const FRANCE_SERVICES_COLUMNS = ['id_fs', 'insee_dep', 'lib_fs', 'adresse', 'complement_adresse', 'insee_com', 'code_postal', 'lib_com',
  'latitude', 'longitude', 'mail', 'telephone', 'h_lundi', 'h_mardi', 'h_mercredi', 'h_jeudi', 'h_vendredi', 'h_samedi', 'prise_rdv', 'commentaire',
  'type_fs', 'format_fs', 'groupe_fs', 'labellisation_fs']

export const EDUCATION_COLUMNS = `Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Adresse_2;Adresse_3;\
Code postal;Code_commune;Nom_commune;Code_departement;Code_academie;Code_region;Ecole_maternelle;Ecole_elementaire;Voie_generale;\
Voie_technologique;Voie_professionnelle;Telephone;Fax;Web;Mail;Restauration;Hebergement;ULIS;Apprentissage;Segpa;Section_arts;Section_cinema;\
Section_theatre;Section_sport;Section_internationale;Section_europeenne;Lycee_Agricole;Lycee_militaire;Lycee_des_metiers;Post_BAC;\
Appartenance_Education_Prioritaire;GRETA;SIREN_SIRET;Nombre_d_eleves;Fiche_onisep;position;Type_contrat_prive;Libelle_departement;\
Libelle_academie;Libelle_region;coordonnee_X;coordonnee_Y;epsg;nom_circonscription;latitude;longitude;precision_localisation;date_ouverture;\
date_maj_ligne;etat;ministere_tutelle;etablissement_multi_lignes;rpi_concentre;rpi_disperse;code_nature;libelle_nature;Code_type_contrat_prive;\
PIAL;etablissement_mere;type_rattachement_etablissement_mere;code_bassin_formation;libelle_bassin_formation`.split(';')

const quoted = (value: string | number | undefined) => (value === undefined || value === '' ? '' : typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`)

/** A France services of the list (an Aisne main site by default): give what the test needs. */
export function franceServicesRow(over: Record<string, string | number>): Record<string, string | number> {
  return {
    insee_dep: '02', adresse: '1 rue de la Mairie', insee_com: '02691', code_postal: '02100', lib_com: 'Saint-Quentin', latitude: 49.8475, longitude: 3.2876,
    mail: 'franceservices@example.fr', telephone: '03 23 00 00 00', h_lundi: '09:00 - 12:00 / 13:30 - 17:00', h_mardi: '09:00 - 12:00', prise_rdv: 'Non',
    type_fs: 'Principal', format_fs: 'Fixe', labellisation_fs: 'Espace labellisé 01/01/2020', ...over
  }
}

export function writeFranceServicesCsv(file: string, rows: Record<string, string | number>[]): string {
  const lines = [FRANCE_SERVICES_COLUMNS.map((c) => `"${c}"`).join(','), ...rows.map((r) => FRANCE_SERVICES_COLUMNS.map((c) => quoted(r[c])).join(','))]
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** A CIO of the Annuaire (Ille-et-Vilaine by default). */
export function educationRow(over: Record<string, string>): Record<string, string> {
  return {
    Type_etablissement: 'Information et orientation', Statut_public_prive: 'Public', 'Code postal': '35000', Code_commune: '35238', Nom_commune: 'Rennes',
    Code_departement: '035', Telephone: '02 99 25 18 30', Mail: 'cio@ac-rennes.fr', SIREN_SIRET: '17350431700574', date_maj_ligne: '2026-11-20',
    etat: 'OUVERT', code_nature: '841', libelle_nature: 'CENTRE D INFORMATION ET D ORIENTATION', ...over
  }
}

export function writeEducationCsv(file: string, rows: Record<string, string>[]): string {
  const lines = [EDUCATION_COLUMNS.join(';'), ...rows.map((r) => EDUCATION_COLUMNS.map((c) => r[c] ?? '').join(';'))]
  writeFileSync(file, `\ufeff${lines.join('\n')}\n`)
  return file
}
