// What every source read as a whole snapshot shares: the offices it no longer lists are closed
// (never deleted), behind a guard against a broken file, and a dry run rolls everything back.
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import type { Tx } from '../../modules/sites/lieux-writer.js'

/**
 * An importer's file is the publisher's whole list (a refresh), not a part of it (the data
 * folder's Annuaire de l'éducation holds one département): the offices it no longer names close.
 */
export interface WholeList {
  acceptRemovals: boolean
}

/** A snapshot that would close more than this share of the source's open lieux is refused. */
export const MAX_REMOVAL_SHARE = 0.2

export class RefreshRefused extends Error {
  override name = 'RefreshRefused'
}

/** Thrown inside the transaction to roll a dry run back once it has counted everything. */
class DryRun extends Error {}

/**
 * Runs `work` in one transaction; a dry run rolls it back once done, having counted everything.
 * One refresh of a source at a time, whoever starts it (the CLI, another process's schedule): a
 * second waits on the source's lock, then applies its snapshot over the first's.
 */
export async function inSnapshotTransaction(db: Database, source: string, dryRun: boolean | undefined, work: (tx: Tx) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`aio-refresh:${source}`}))`)
      await work(tx)
      if (dryRun) throw new DryRun()
    })
  } catch (error) {
    if (!(error instanceof DryRun)) throw error
  }
}

/** The source's open lieux: what the guard weighs a snapshot's closures against. */
export async function openLieux(tx: Tx, source: string): Promise<number> {
  const [open] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM lieux WHERE source = ${source} AND statut = 'actif'`))
  return open!.n
}

/** How many of these lieux of the source are closed now: those a snapshot listing them reopens. */
export async function closedAmong(tx: Tx, source: string, ids: string[]): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM lieux
    WHERE source = ${source} AND statut = 'ferme' AND id = ANY(${sql.param(ids)}::text[])`))
  return row!.n
}

/**
 * Closes the source's open lieux that the snapshot does not list: they leave searches,
 * orientation and exports, stay at their address with statut `ferme`, and the feed and their
 * history say so (`motif`). A snapshot closing more than MAX_REMOVAL_SHARE of them is refused:
 * a publisher's broken file must not empty the directory.
 */
export async function closeAbsent(
  tx: Tx,
  source: string,
  /** The source ids the snapshot lists. */
  listed: string[],
  /** `openBefore`: the source's open lieux before the snapshot was applied (openLieux), which the guard weighs against. */
  options: { acceptRemovals: boolean; motif: string; label: string; openBefore: number }
): Promise<number> {
  const absent = rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM lieux
    WHERE source = ${source} AND statut = 'actif' AND NOT (source_id = ANY(${sql.param(listed)}::text[]))`))
  if (absent.length === 0) return 0
  const share = absent.length / Math.max(1, options.openBefore)
  if (share > MAX_REMOVAL_SHARE && !options.acceptRemovals) {
    throw new RefreshRefused(
      `this snapshot would close ${absent.length} of ${options.openBefore} open ${options.label} lieux (${Math.round(share * 100)} %, more than ` +
        `${MAX_REMOVAL_SHARE * 100} %): refused; check the file, or pass --accept-removals`
    )
  }
  const ids = absent.map((r) => r.id)
  await tx.execute(sql`UPDATE lieux SET statut = 'ferme' WHERE id = ANY(${sql.param(ids)}::text[])`)
  await tx.execute(sql`INSERT INTO historique (objet, objet_id, action, cle, avant, apres)
    SELECT 'lieu', id, 'fermeture', NULL, '{"statut":"actif"}'::jsonb, ${JSON.stringify({ statut: 'ferme', motif: options.motif })}::jsonb
    FROM unnest(${sql.param(ids)}::text[]) AS id`)
  return ids.length
}
