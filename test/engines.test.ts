// The machines run Node 20 and package.json says so: every locked dependency must accept
// the oldest Node the project claims, or a fresh `npm ci` warns EBADENGINE (and the package
// may use APIs that version lacks).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import t from 'tap'
import { projectRoot } from '../src/config.js'

interface LockedPackage {
  version?: string
  engines?: { node?: string } | string[]
  dev?: boolean
  optional?: boolean
}

const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  engines: { node: string }
}
const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>
}

t.test('every locked package accepts the oldest Node the project supports', async (t) => {
  const oldest = semver.minVersion(manifest.engines.node)
  t.ok(oldest, `package.json engines.node (${manifest.engines.node}) names a version`)
  if (!oldest) return
  // Node 20 as the machines run it: the newest 20.x patch the lock's ranges are judged against.
  const running = semver.coerce(process.version)?.version ?? oldest.version
  const judged = semver.major(running) === oldest.major ? running : oldest.version
  const refused = Object.entries(lock.packages)
    .filter(([location]) => location !== '')
    .flatMap(([location, pkg]) => {
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node
      if (!range || semver.satisfies(judged, range, { includePrerelease: true })) return []
      return [`${location.replace(/^.*node_modules\//, '')}@${pkg.version ?? '?'} wants node ${range}`]
    })
  t.same(refused, [], `all accept Node ${judged}`)
})
