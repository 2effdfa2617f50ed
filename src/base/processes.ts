import {readFileSync} from 'node:fs'
import {hostname} from 'node:os'

/** Whether a process with this pid exists (as any user). */
export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/PID/stat), or undefined
 * where /proc is not there. A pid used again by another process comes with another start time.
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }

  // The command name (field 2) is in parentheses and may hold spaces or ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields[19]
}

let cachedBootId: string | undefined | null = null

/** This boot of the machine (Linux), or undefined: start times count from the boot. */
function bootId(): string | undefined {
  if (cachedBootId === null) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined
    } catch {
      cachedBootId = undefined
    }
  }

  return cachedBootId
}

/** Who a process is, in terms that a pid used again after it died does not share. */
export interface ProcessIdentity {
  pid: number
  host: string
  boot?: string
  start?: string
}

export function currentProcess(): ProcessIdentity {
  return {pid: process.pid, host: hostname(), boot: bootId(), start: processStartTime(process.pid)}
}

/**
 * Whether the process is gone: its pid is not running, or the machine was booted since, or the
 * pid now belongs to a process that started at another time. Without /proc only the pid is
 * checked. A process on another host cannot be checked: it counts as alive.
 */
export function isGone(owner: ProcessIdentity): boolean {
  if (owner.host !== hostname()) return false
  if (!isRunning(owner.pid)) return true
  const boot = bootId()
  if (owner.boot !== undefined && boot !== undefined && owner.boot !== boot) return true
  const start = processStartTime(owner.pid)
  return owner.start !== undefined && start !== undefined && owner.start !== start
}
