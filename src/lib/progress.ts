// Console progress for long first-start steps: a redrawn bar on a terminal, a few plain
// lines otherwise (CI logs, docker logs), always on stderr so stdout stays clean.
export type ProgressFn = (step: string, done: number, total: number) => void

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  let lastStep = ''
  let lastDecile = -1
  return (step, done, total) => {
    const ratio = total === 0 ? 1 : done / total
    if (stream.isTTY) {
      const width = 30
      const filled = Math.round(ratio * width)
      stream.write(`\r  ${step.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
      if (done >= total) stream.write('\n')
      return
    }
    const decile = Math.floor(ratio * 10)
    if (step !== lastStep || decile !== lastDecile) {
      if (decile === 10 || decile % 5 === 0) stream.write(`  ${step}: ${done}/${total} (${Math.round(ratio * 100)}%)\n`)
      lastStep = step
      lastDecile = decile
    }
  }
}
