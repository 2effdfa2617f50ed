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

/**
 * One line redrawn in place on a terminal (\r, the text, erase to the end), at most every
 * REDRAW_MS unless forced, with the rate of what was counted since it started. Every bar draws
 * through one of these.
 */
export class StatusLine {
  private startedAt = 0
  private drawnAt = 0
  private drawn = false

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {}

  get columns(): number | undefined {
    return this.stream.columns
  }

  /** The clock starts for the rate. */
  restart(): void {
    this.startedAt = this.now()
  }

  /** `text(rate)` for `counted` things since restart(), drawn unless one was drawn under REDRAW_MS ago. */
  draw(force: boolean, counted: number, text: (rate: number) => string): void {
    const now = this.now()
    if (!force && now - this.drawnAt < REDRAW_MS) return
    this.drawnAt = now
    const seconds = (now - this.startedAt) / 1000
    this.stream.write('\r' + text(seconds > 0 ? counted / seconds : 0) + '\u001b[K')
    this.drawn = true
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[K')
    this.drawn = false
  }
}

class TerminalProgress implements Progress {
  private done = 0
  private target?: number
  private fetchedHere = 0
  private readonly line: StatusLine

  constructor(stream: ProgressStream, now: () => number) {
    this.line = new StatusLine(stream, now)
  }

  start(done: number, target: number | undefined): void {
    this.done = done
    this.target = target
    this.line.restart()
    this.draw(true)
  }

  advance(count: number): void {
    this.done += count
    this.fetchedHere += count
    this.draw(false)
  }

  stop(): void {
    this.line.clear()
  }

  private draw(force: boolean): void {
    this.line.draw(force, this.fetchedHere, (rate) => formatProgress({done: this.done, target: this.target, rate, columns: this.line.columns}))
  }
}
