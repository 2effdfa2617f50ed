import type {GroupMeApi} from '../../api/api.js'
import {type Answer, type ApiPage, readAnswer} from '../../api/answer.js'
import {ServerError} from '../../base/errors.js'
import {bringsNew, readPage} from './paginate.js'
import type {ApiPlan} from './request.js'

/**
 * The answers of a planned request: one, or with --paginate every page until a 304 or an empty
 * page (the end is not printed). Requests go through the one client: the token in its header,
 * the rate limit, retries (GET and DELETE only: a POST, PUT or PATCH is sent once) and errors.
 */
export async function* apiAnswers(client: Pick<GroupMeApi, 'rawRequest'>, plan: ApiPlan): AsyncIterable<ApiPage> {
  const send = (url: URL, broken?: (answer: Answer) => string | undefined) =>
    client.rawRequest({method: plan.method, url: url.href, headers: plan.headers, body: plan.body, contentType: plan.contentType}, broken)

  const {scheme} = plan
  if (!scheme) {
    const answer = await send(plan.target.url)
    yield {answer, content: readAnswer(answer)}
    return
  }

  const url = new URL(plan.target.url)
  const seen = new Set<string>()
  for (;;) {
    const query = new URLSearchParams(url.search)
    const brokenReason = (answer: Answer) => {
      const step = readPage(scheme, answer, query)
      return step.kind === 'broken' ? step.reason : undefined
    }

    const answer = await send(url, brokenReason)
    const step = readPage(scheme, answer, query)
    if (step.kind !== 'page') return
    // Paged by number: a page of nothing new (a server that ignores `page`) would be asked for forever.
    if (scheme.kind === 'page' && !bringsNew(step.data, seen)) {
      throw new ServerError(`page ${query.get('page') ?? '1'} brought nothing that was not on an earlier page (the service may be ignoring \`page\`); stopped there`)
    }

    yield {answer, content: readAnswer(answer)}
    for (const [key, value] of step.next) url.searchParams.set(key, value)
  }
}
