/** What the walk reports as pages arrive. */
export interface Progress {
  /** A walk begins (or resumes) with `done` messages already fetched, of `target` when it is known. */
  start(done: number, target: number | undefined): void
  advance(count: number): void
  /** Take the bar off the screen before a summary line. */
  stop(): void
}

export interface ProgressLine {
  done: number
  target?: number
  /** Messages a second, this process. */
  rate: number
  columns?: number
}

const BAR_WIDTH = 24
const REDRAW_MS = 100

/** `[#########---------------] 1200/3000 40% 850 msg/s ETA 0:02`, cut to the terminal's width. */
export function formatProgress({done, target, rate, columns}: ProgressLine): string {
  const speed = `${Math.round(rate)} msg/s`
  let text: string
  if (target === undefined || target <= 0) {
    text = `${done} messages ${speed}`
  } else {
    const fraction = Math.min(done / target, 1)
    const filled = Math.round(fraction * BAR_WIDTH)
    const eta = rate > 0 && done < target ? ` ETA ${duration((target - done) / rate)}` : ''
    text = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${target} ${Math.floor(fraction * 100)}% ${speed}${eta}`
  }

  // One character short of the width: a line that wraps cannot be redrawn with \r.
  return columns && columns > 1 ? text.slice(0, columns - 1) : text
}

export function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const secs = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`
}

/** A bar redrawn in place with \r on a terminal; nothing at all elsewhere. */
export function progressFor(stream: ProgressStream, now: () => number): Progress {
  return stream.isTTY === true ? new TerminalProgress(stream, now) : silentProgress
}

/** A terminal (or not) to draw on. */
export type ProgressStream = NodeJS.WritableStream & {isTTY?: boolean; columns?: number}

const silentProgress: Progress = {start() {}, advance() {}, stop() {}}

class TerminalProgress implements Progress {
  private done = 0
  private target?: number
  private fetchedHere = 0
  private startedAt = 0
  private drawnAt = 0
  private drawn = false

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {}

  start(done: number, target: number | undefined): void {
    this.done = done
    this.target = target
    this.startedAt = this.now()
    this.draw(true)
  }

  advance(count: number): void {
    this.done += count
    this.fetchedHere += count
    this.draw(false)
  }

  stop(): void {
    if (this.drawn) this.stream.write('\r\u001b[K')
    this.drawn = false
  }

  private draw(force: boolean): void {
    const now = this.now()
    if (!force && now - this.drawnAt < REDRAW_MS) return
    this.drawnAt = now
    const seconds = (now - this.startedAt) / 1000
    const rate = seconds > 0 ? this.fetchedHere / seconds : 0
    this.stream.write('\r' + formatProgress({done: this.done, target: this.target, rate, columns: this.stream.columns}) + '\u001b[K')
    this.drawn = true
  }
}
