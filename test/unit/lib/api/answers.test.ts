import {describe, expect, test} from '@jest/globals'

import {DEFAULT_ENDPOINTS} from '../../../../src/api/endpoints.js'
import {NotFoundError} from '../../../../src/base/errors.js'
import {readAnswer} from '../../../../src/api/answer.js'
import {planRequest} from '../../../../src/lib/api/request.js'
import {apiAnswers} from '../../../../src/lib/api/run.js'
import {conversation, ME_ID} from '../../helpers/conversation.js'

const OTHER = '200000002'
const noFiles = async () => {
  throw new Error('no files here')
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

describe('apiAnswers over the sandbox in-process', () => {
  test('--paginate by before_id walks the whole history, newest first, each id once, 18 digits kept', async () => {
    const {api, messages} = conversation(OTHER, 30)
    const plan = await planRequest(
      {args: ['direct_messages'], fields: [{typed: false, text: `other_user_id=${OTHER}`}, {typed: true, text: 'limit=7'}], headers: [], paginate: true},
      DEFAULT_ENDPOINTS,
      noFiles,
      noFiles,
    )
    const pages = await collect(apiAnswers(api, plan))
    expect(pages).toHaveLength(5)
    const ids = pages.flatMap(({content}) => (content.kind === 'json' ? (content.data as {direct_messages: Array<{id: string}>}).direct_messages.map((m) => m.id) : []))
    expect(ids).toEqual(messages.map((message) => message.id).reverse())
  })

  test('one request: the data inside the envelope; an error is the CLI\'s error for its status', async () => {
    const {api} = conversation(OTHER, 3)
    const plan = await planRequest({args: ['users/me'], fields: [], headers: [], paginate: false}, DEFAULT_ENDPOINTS, noFiles, noFiles)
    const [page] = await collect(apiAnswers(api, plan))
    expect(page.answer.status).toBe(200)
    expect(readAnswer(page.answer)).toMatchObject({kind: 'json', data: {id: ME_ID}})
    const missing = await planRequest({args: ['chats/1+2'], fields: [], headers: [], paginate: false}, DEFAULT_ENDPOINTS, noFiles, noFiles)
    await expect(collect(apiAnswers(api, missing))).rejects.toThrow(NotFoundError)
  })
})
