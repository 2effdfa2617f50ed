import {markBareNumber} from '../../base/json.js'
import {UsageError} from '../../base/errors.js'
import {isRecord} from '../../base/json-file.js'
import {sanitizeLine} from '../../base/sanitize.js'

/** `-f key=value` is a string as typed; `-F key=value` is typed (gh's "magic" fields). */
export interface FieldInput {
  typed: boolean
  text: string
}

/** A field's value; a number is kept as its digits, so an 18-digit id is never rounded. */
export type FieldValue =
  | {kind: 'string'; text: string}
  | {kind: 'number'; digits: string}
  | {kind: 'boolean'; value: boolean}
  | {kind: 'null'}
  /** `-F 'key[]'` with no value: an empty array in a body. */
  | {kind: 'empty-array'}

export interface Field {
  /** The key as typed, brackets included: `direct_message[text]`. */
  key: string
  /** The key's parts: `direct_message[attachments][][type]` is ['direct_message', 'attachments', '', 'type'] ('' appends to an array). */
  path: string[]
  value: FieldValue
}

/** Where `@file` and `@-` values come from: the file layer, or a test's table. */
export type ReadSource = (source: {file: string} | {stdin: true}) => Promise<string>

const KEY = /^([^[\]=]+)((?:\[[^[\]]*\])*)$/

/** Parse `-f` and `-F` fields in the order typed; `@-` may be used once (stdin is read once). */
export async function parseFields(inputs: FieldInput[], read: ReadSource): Promise<Field[]> {
  let stdinUsed = false
  const fields: Field[] = []
  for (const {typed, text} of inputs) {
    const equals = text.indexOf('=')
    const key = equals === -1 ? text : text.slice(0, equals)
    const path = parseKey(key, typed ? '-F' : '-f')
    if (equals === -1) {
      if (typed && key.endsWith('[]')) {
        fields.push({key, path: path.slice(0, -1), value: {kind: 'empty-array'}})
        continue
      }

      throw new UsageError(`field ${quote(text)} has no value: write ${typed ? '-F' : '-f'} key=value`)
    }

    const raw = text.slice(equals + 1)
    let value: FieldValue = {kind: 'string', text: raw}
    if (typed) {
      if (raw === '@-') {
        if (stdinUsed) throw new UsageError('@- can be read once: stdin is used by an earlier field')
        stdinUsed = true
        value = {kind: 'string', text: await read({stdin: true})}
      } else if (raw.startsWith('@')) {
        value = {kind: 'string', text: await read({file: raw.slice(1)})}
      } else {
        value = typedValue(raw)
      }
    }

    fields.push({key, path, value})
  }

  return fields
}

/** gh's rules: true, false, null and integers are JSON values; anything else is a string. */
export function typedValue(raw: string): FieldValue {
  if (raw === 'true' || raw === 'false') return {kind: 'boolean', value: raw === 'true'}
  if (raw === 'null') return {kind: 'null'}
  if (/^-?(?:0|[1-9]\d*)$/.test(raw)) return {kind: 'number', digits: raw}
  return {kind: 'string', text: raw}
}

/** Whether a field uses stdin (`-F key=@-`): `--input -` cannot then read it too. */
export function readsStdin(inputs: FieldInput[]): boolean {
  return inputs.some(({typed, text}) => typed && text.includes('=') && text.slice(text.indexOf('=') + 1) === '@-')
}

/** Fields as query parameters, keys as typed (`page=2`, `ids[]=1`); a null is an empty value. */
export function queryPairs(fields: Field[]): Array<[string, string]> {
  return fields.flatMap(({key, value}): Array<[string, string]> => (value.kind === 'empty-array' ? [] : [[key, queryValue(value)]]))
}

function queryValue(value: Exclude<FieldValue, {kind: 'empty-array'}>): string {
  switch (value.kind) {
    case 'string':
      return value.text
    case 'number':
      return value.digits
    case 'boolean':
      return String(value.value)
    case 'null':
      return ''
  }
}

type JsonObject = {[key: string]: unknown}

/**
 * Fields as a JSON body, nested as gh nests them: `a[b]=1` is {"a": {"b": 1}}, `a[]=1` appends
 * to an array, and `a[][type]=image` starts a new object in `a` unless the last one lacks `type`.
 * Numbers keep every digit (written back as bare numbers by stringifyJson). A key given twice is
 * refused rather than silently overwritten.
 */
export function jsonBody(fields: Field[]): JsonObject {
  const root: JsonObject = {}
  for (const field of fields) putInObject(root, field.path, field)
  return root
}

function putInObject(holder: JsonObject, [key, ...rest]: string[], field: Field): void {
  if (rest.length === 0) {
    if (field.value.kind === 'empty-array') {
      holder[key] ??= []
      if (!Array.isArray(holder[key])) throw conflict(field)
    } else {
      if (holder[key] !== undefined) throw conflict(field)
      holder[key] = jsonValue(field.value, holder, key)
    }

    return
  }

  holder[key] ??= rest[0] === '' ? [] : {}
  const child = holder[key]
  if (rest[0] === '') {
    if (!Array.isArray(child)) throw conflict(field)
    putInArray(child, rest.slice(1), field)
  } else {
    if (!isRecord(child)) throw conflict(field)
    putInObject(child, rest, field)
  }
}

function putInArray(items: unknown[], rest: string[], field: Field): void {
  if (rest.length === 0) {
    if (field.value.kind === 'empty-array') throw conflict(field)
    items.push(jsonValue(field.value, items, String(items.length)))
    return
  }

  if (rest[0] === '') throw new UsageError(`field ${quote(field.key)}: arrays of arrays are not supported`)
  const last = items.at(-1)
  if (isRecord(last) && !(rest[0] in last)) {
    putInObject(last, rest, field)
    return
  }

  const fresh: JsonObject = {}
  items.push(fresh)
  putInObject(fresh, rest, field)
}

function jsonValue(value: Exclude<FieldValue, {kind: 'empty-array'}>, holder: object, key: string): unknown {
  switch (value.kind) {
    case 'string':
      return value.text
    case 'boolean':
      return value.value
    case 'null':
      return null
    case 'number': {
      if (Number.isSafeInteger(Number(value.digits))) return Number(value.digits)
      markBareNumber(holder, key)
      return value.digits
    }
  }
}

function parseKey(key: string, flag: string): string[] {
  const match = KEY.exec(key)
  if (!match) throw new UsageError(`${flag} ${quote(key)}: a key is a name with optional [parts], such as direct_message[text] or attachments[][type]`)
  const parts = [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1])
  return [match[1], ...parts]
}

function conflict(field: Field): UsageError {
  return new UsageError(`field ${quote(field.key)} conflicts with an earlier field of another shape`)
}

function quote(text: string): string {
  return JSON.stringify(sanitizeLine(text))
}
