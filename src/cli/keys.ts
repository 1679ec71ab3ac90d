// npm run keys -- create --structure <id> --label "CIO de Saint-Quentin" [--days 365]
//                 create --network <type> [--departement <code>] --label "…"
//                 create --admin --label "…"
//                 list
//                 revoke <key id>
// A key is printed once, at creation; the database keeps only its Argon2id hash. With the
// embedded database, stop the API first (its folder has one user at a time).
import { parseArgs } from 'node:util'
import { runMigrations } from '../db/migrate.js'
import { createKey } from '../modules/contributions/key-admin.js'
import { contributionsRepository } from '../modules/contributions/repository.js'
import { openConfiguredDatabase } from './open.js'

const USAGE = `usage: npm run keys -- create (--structure <id> | --network <type> [--departement <code>] | --admin) --label "…" [--days N]
       npm run keys -- list
       npm run keys -- revoke <key id>`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    structure: { type: 'string' },
    network: { type: 'string' },
    departement: { type: 'string' },
    admin: { type: 'boolean' },
    label: { type: 'string' },
    days: { type: 'string' }
  }
})
const [command, target] = positionals
if (!command || !['create', 'list', 'revoke'].includes(command)) {
  console.error(USAGE)
  process.exit(2)
}

const { handle } = await openConfiguredDatabase()
try {
  await runMigrations(handle)
  const repo = contributionsRepository(handle)
  if (command === 'create') {
    const scopes = [values.structure, values.network, values.admin].filter(Boolean).length
    if (scopes !== 1) throw new Error(`give one of --structure, --network or --admin\n${USAGE}`)
    const { cle, token } = await createKey(repo, {
      libelle: values.label ?? '',
      portee: values.admin ? 'admin' : values.network ? 'reseau' : 'structure',
      structure: values.structure,
      reseau: values.network,
      departement: values.departement,
      jours: values.days === undefined ? undefined : Number(values.days)
    })
    console.error(`key ${cle.id} (${cle.portee}${cle.structure ? ` ${cle.structure}` : ''}${cle.reseau ? ` ${cle.reseau}` : ''}` +
      `${cle.departement ? ` in ${cle.departement}` : ''}), "${cle.libelle}", expires ${cle.expire_le}. It is shown this once:`)
    console.log(token)
  } else if (command === 'list') {
    for (const k of await repo.listKeys()) {
      const state = k.revoque_le ? `revoked ${k.revoque_le}` : `expires ${k.expire_le}`
      console.log([k.id, k.portee, k.structure ?? k.reseau ?? '*', k.departement ?? '', k.libelle, state].join('\t'))
    }
  } else {
    if (!target) throw new Error(USAGE)
    if (!(await repo.revokeKey(target))) throw new Error(`no usable key ${target}`)
    console.error(`key ${target} revoked`)
  }
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await handle.close()
}
