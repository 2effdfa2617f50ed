import type {Endpoints} from '../../api/endpoints.js'
import {stringifyJson} from '../../base/json.js'
import type {Method} from '../../api/http.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {type FieldInput, jsonBody, parseFields, queryPairs, type ReadSource, readsStdin} from './fields.js'
import {headerNamed, parseHeaders} from './headers.js'
import {pageScheme, type PageScheme} from './paginate.js'
import {refuseSecretParameters, resolveTarget, type Target} from './target.js'

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** `groupme api` as typed: `[METHOD] PATH` and the flags that shape the request. */
export interface ApiInput {
  /** The first argument, and the second when there are two (then the first is the method). */
  args: [string, string?]
  /** -X */
  method?: string
  fields: FieldInput[]
  headers: string[]
  /** --input: a file, or '-' for stdin. */
  input?: string
  paginate: boolean
}

/** One request, checked, before anything is sent. */
export interface ApiPlan {
  method: Method
  target: Target
  headers: Record<string, string>
  body?: Buffer
  contentType?: string
  /** How to page, with --paginate. */
  scheme?: PageScheme
}

/** Where a body comes from: `--input FILE` or `--input -`. */
export type ReadBody = (source: {file: string} | {stdin: true}) => Promise<Buffer>

/**
 * The request `groupme api` makes, as gh's `api` builds it: GET unless fields or --input ask for a
 * POST (but not with --paginate, which pages GETs) or -X says otherwise; for a GET the fields are query parameters, else a JSON body (with
 * --input they go to the query). Every check happens here, so a refusal is exit 2 with nothing sent.
 */
export async function planRequest(input: ApiInput, endpoints: Endpoints, readField: ReadSource, readBody: ReadBody): Promise<ApiPlan> {
  const [first, second] = input.args
  const path = second ?? first
  const typedMethod = second === undefined ? undefined : parseMethod(first, 'METHOD')
  const flagMethod = input.method === undefined ? undefined : parseMethod(input.method, '-X')
  if (typedMethod && flagMethod && typedMethod !== flagMethod) {
    throw new UsageError(`the method is given twice, as ${typedMethod} and -X ${flagMethod}: give one`)
  }

  const target = resolveTarget(path, endpoints)
  const headers = parseHeaders(input.headers)
  if (input.input === '-' && readsStdin(input.fields)) throw new UsageError('--input - and a field @- both read stdin: use one')
  const hasBody = input.fields.length > 0 || input.input !== undefined
  // --paginate pages GET requests, so its fields are a query, not a reason for a POST.
  const method = typedMethod ?? flagMethod ?? (hasBody && !input.paginate ? 'POST' : 'GET')
  if (input.paginate && method !== 'GET') throw new UsageError(`--paginate pages GET requests, not ${method}`)

  const fields = await parseFields(input.fields, readField)
  const plan: ApiPlan = {method, target, headers}
  if (method === 'GET' || input.input !== undefined) {
    const pairs = queryPairs(fields)
    refuseSecretParameters(pairs)
    for (const [key, value] of pairs) target.url.searchParams.append(key, value)
  } else if (fields.length > 0) {
    plan.body = Buffer.from(stringifyJson(jsonBody(fields)))
    plan.contentType = 'application/json'
  }

  if (input.input !== undefined) {
    plan.body = await readBody(input.input === '-' ? {stdin: true} : {file: input.input})
    plan.contentType = 'application/json'
  }

  // -H Content-Type wins over the JSON default.
  if (headerNamed(headers, 'content-type') !== undefined) delete plan.contentType
  if (input.paginate) plan.scheme = pageScheme(target, target.url.searchParams)
  return plan
}

function parseMethod(text: string, what: string): Method {
  const method = text.toUpperCase() as Method
  if (METHODS.includes(method)) return method
  throw new UsageError(`${what} ${JSON.stringify(sanitizeLine(text))} is not a method: use ${METHODS.join(', ')}`)
}
