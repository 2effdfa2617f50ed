import {bold, dim} from './style.js'
import {fitWidth, type Keep, padWidth, textWidth} from './width.js'

/** How a column is laid out on a terminal (src/lib/<topic>/columns.ts declares them). */
export interface TableColumn {
  header: string
  /** The column that gives up width first (a message's text); it takes the room left over. */
  flex?: boolean
  /**
   * How much the column matters when the terminal is too narrow for every column: the highest
   * number goes first. A column without one is never dropped.
   */
  dropOrder?: number
  /** The narrowest the column may be cut to before columns are dropped (default: its full width, or 20 for flex). */
  minWidth?: number
  /** Numbers are right-aligned. */
  align?: 'left' | 'right'
  /** Which part of a cut value stays: 'start' (the default) or 'end' (a masked token's last characters). */
  keep?: Keep
  /** Dimmed when colour is on: secondary text such as times. */
  muted?: boolean
}

/** Two spaces between columns, as gh's tables. */
const GAP = '  '
/** A width for a terminal that does not say how wide it is (gh's default too). */
const DEFAULT_WIDTH = 80
const FLEX_MIN = 20


/**
 * A borderless table for a terminal whose column widths are fixed up front, from the first rows
 * and the terminal's width, so that rows can be written as pages arrive: nothing waits for the
 * whole table. A later cell wider than its column is cut with an ellipsis. When the columns do not
 * fit, the flex column gives up width first, then columns are cut to their minimum, then the least
 * important are dropped; rows never wrap.
 */
export class TablePrinter {
  private readonly shown: number[]
  private readonly widths: number[]

  constructor(
    private readonly columns: TableColumn[],
    sample: string[][],
    private readonly options: {color: boolean; width?: number},
  ) {
    ;({shown: this.shown, widths: this.widths} = layout(columns, sample, options.width ?? DEFAULT_WIDTH))
  }

  /** The header line: upper case, as gh's, and bold with colour. */
  header(): string {
    const cells = this.shown.map((index, at) => fitWidth(this.columns[index].header.toUpperCase(), this.widths[at]))
    return this.line(this.options.color ? cells.map(bold) : cells, cells) + '\n'
  }

  /** Rows of cells (sanitised text), one line each. */
  rows(rows: string[][]): string {
    let text = ''
    for (const row of rows) {
      const cells = this.shown.map((index, at) => fitWidth(row[index] ?? '', this.widths[at], this.columns[index].keep))
      const styled = this.options.color ? cells.map((cell, at) => (this.columns[this.shown[at]].muted && cell ? dim(cell) : cell)) : cells
      text += this.line(styled, cells) + '\n'
    }

    return text
  }

  /** Cells padded to their widths (measured on the unstyled text); nothing trails the last character. */
  private line(styled: string[], plain: string[]): string {
    const last = styled.length - 1
    return styled
      .map((cell, at) => {
        const column = this.columns[this.shown[at]]
        if (at === last && column.align !== 'right') return cell
        const gap = this.widths[at] - textWidth(plain[at])
        if (gap <= 0) return cell
        return column.align === 'right' ? ' '.repeat(gap) + cell : cell + ' '.repeat(gap)
      })
      .join(GAP)
      .trimEnd()
  }
}

/** Which columns to show, and how wide each is, for a terminal `width` columns wide. */
export function layout(columns: TableColumn[], sample: string[][], width: number): {shown: number[]; widths: number[]} {
  const natural = columns.map((column, index) => Math.max(textWidth(column.header), ...sample.map((row) => textWidth(row[index] ?? ''))))
  const minimum = columns.map((column, index) => Math.min(natural[index], column.minWidth ?? (column.flex ? FLEX_MIN : natural[index])))
  let shown = columns.map((_column, index) => index)
  const total = (widths: (index: number) => number) => shown.reduce((sum, index) => sum + widths(index), 0) + GAP.length * (shown.length - 1)

  // Drop the least important columns until the rest fit at their minimum widths.
  while (total((index) => minimum[index]) > width) {
    const droppable = shown.filter((index) => columns[index].dropOrder !== undefined)
    if (droppable.length === 0) break
    const least = droppable.reduce((worst, index) => (columns[index].dropOrder! > columns[worst].dropOrder! ? index : worst))
    shown = shown.filter((index) => index !== least)
  }

  const widths = new Map(shown.map((index) => [index, natural[index]]))
  const flex = shown.find((index) => columns[index].flex)
  // The flex column takes the room left over: later pages may hold longer text than the first.
  if (flex !== undefined) widths.set(flex, Math.max(minimum[flex], width - total((index) => (index === flex ? 0 : natural[index]))))
  // Then every other column gives up width, the least important first, down to its minimum.
  const byImportance = [...shown].sort((a, b) => (columns[b].dropOrder ?? 0) - (columns[a].dropOrder ?? 0))
  for (const index of [flex, ...byImportance]) {
    if (index === undefined) continue
    const excess = total((at) => widths.get(at)!) - width
    if (excess <= 0) break
    widths.set(index, Math.max(minimum[index], widths.get(index)! - excess))
  }

  return {shown, widths: shown.map((index) => widths.get(index)!)}
}

/**
 * One record as `name  value` lines, names aligned: values are cut to the terminal's width, each
 * keeping the part its column says (a masked token keeps its last characters).
 */
export function recordLines(columns: TableColumn[], values: string[], options: {color: boolean; width?: number}): string {
  const nameWidth = Math.max(0, ...columns.map((column) => textWidth(column.header)))
  const room = Math.max(FLEX_MIN, (options.width ?? DEFAULT_WIDTH) - nameWidth - GAP.length)
  return columns
    .map((column, index) => {
      const name = padWidth(column.header, nameWidth)
      return (options.color ? bold(name) : name) + GAP + fitWidth(values[index] ?? '', room, column.keep) + '\n'
    })
    .join('')
}
