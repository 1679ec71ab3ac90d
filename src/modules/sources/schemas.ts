// The contract of /v1/sources: one entry per source of the data, with its file and attribution.
import { z } from 'zod'

export const sourceSchema = z
  .object({
    nom: z.string().nullable().meta({ description: 'Name to refresh it with (`npm run refresh -- <nom>`); null for the glossary', example: 'dila' }),
    title: z.string(),
    path: z.string().meta({ description: "The dataset's page" }),
    producteur: z.string(),
    attribution: z.string().meta({
      description: 'The credit to print when reusing the data (Licence Ouverte 2.0): producer, file name, file date, download address',
      example: 'Service-Public.gouv.fr / DILA, 20261202_051502-data.gouv_local.json, fichier du 2026-12-02, https://www.data.gouv.fr/fr/datasets/r/73302880-e4df-4d4c-8676-1a61bb997f3d'
    }),
    licence: z.object({ nom: z.string(), url: z.string() }),
    date: z.string().nullable().meta({ description: "Date of the data: the file's own date, else its latest record's (YYYY-MM-DD)" }),
    fichier: z.string().nullable().meta({ description: 'The file last applied, as its publisher named it' }),
    url: z.string().nullable().meta({ description: 'Where that file was read from' }),
    date_fichier: z.string().nullable().meta({ description: "The file's date as published (ISO 8601)" }),
    date_telechargement: z.string().nullable().meta({ description: 'When it was downloaded (ISO 8601)' }),
    date_chargement: z.string().nullable().meta({ description: 'When this database applied it (ISO 8601)' }),
    age_jours: z.number().int().nullable().meta({ description: 'Days between the date of the data and today' }),
    lignes: z.number().int(),
    lieux_ouverts: z.number().int().nullable(),
    comptes: z.record(z.string(), z.unknown()).meta({ description: 'What the last refresh did: added, updated, closed, unchanged, skipped, unknown types' }),
    fait_foi: z.string().nullable().meta({ description: 'Which fields this source decides when two sources describe one office' }),
    indisponible: z.string().nullable().meta({
      description: 'Why the source is not read here (the credentials its API needs are not set), or null',
      example: "Non lue ici : FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET ne sont pas définis (identifiants de son API)."
    })
  })
  .meta({ id: 'Source' })

export const sourceListSchema = z.object({ sources: z.array(sourceSchema) }).meta({ id: 'SourceList' })
