import type {OutputStream} from '../../core/io.js'
import {duration, StatusLine} from '../../output/progress.js'

/** What a sync reports as it goes: chats done of all, and messages added. */
export interface AccountProgress {
  /** `chats` to walk; about `expected` messages to fetch (from the service's counts). */
  start(chats: number, expected: number): void
  /** More chats came in from the chat list. */
  addChats(chats: number, expected: number): void
  advance(messages: number): void
  chatDone(): void
  stop(): void
}

export interface AccountLine {
  chatsDone: number
  chats: number
  messages: number
  expected: number
  /** Messages a second. */
  rate: number
  columns?: number
}

const BAR_WIDTH = 20

/** `[######--------------] 12/40 chats 3400 messages 820 msg/s ETA 0:42`, cut to the terminal's width. */
export function formatAccountProgress({chatsDone, chats, messages, expected, rate, columns}: AccountLine): string {
  const fraction = chats > 0 ? Math.min(chatsDone / chats, 1) : 1
  const filled = Math.round(fraction * BAR_WIDTH)
  const left = Math.max(0, expected - messages)
  const eta = rate > 0 && left > 0 ? ` ETA ${duration(left / rate)}` : ''
  const text = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${chatsDone}/${chats} chats ${messages} messages ${Math.round(rate)} msg/s${eta}`
  // One character short of the width: a line that wraps cannot be redrawn with \r.
  return columns && columns > 1 ? text.slice(0, columns - 1) : text
}

/** One bar on a terminal's stderr; nothing elsewhere (the command prints a summary line). */
export function accountProgressFor(stream: OutputStream, now: () => number): AccountProgress {
  return stream.isTTY === true ? new TerminalAccountProgress(stream, now) : silent
}

const silent: AccountProgress = {start() {}, addChats() {}, advance() {}, chatDone() {}, stop() {}}

class TerminalAccountProgress implements AccountProgress {
  private line: Omit<AccountLine, 'rate' | 'columns'> = {chatsDone: 0, chats: 0, messages: 0, expected: 0}
  private readonly status: StatusLine

  constructor(stream: OutputStream, now: () => number) {
    this.status = new StatusLine(stream, now)
  }

  start(chats: number, expected: number): void {
    this.line = {chatsDone: 0, chats, messages: 0, expected}
    this.status.restart()
    this.draw(true)
  }

  addChats(chats: number, expected: number): void {
    this.line.chats += chats
    this.line.expected += expected
    this.draw(false)
  }

  advance(messages: number): void {
    this.line.messages += messages
    this.draw(false)
  }

  chatDone(): void {
    this.line.chatsDone++
    this.draw(false)
  }

  stop(): void {
    this.status.clear()
  }

  private draw(force: boolean): void {
    this.status.draw(force, this.line.messages, (rate) => formatAccountProgress({...this.line, rate, columns: this.status.columns}))
  }
}
