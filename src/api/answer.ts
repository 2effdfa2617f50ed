import type {RawAnswer} from './api.js'
import {isEnvelope} from './envelope.js'
import {parseJsonLossless} from '../base/json.js'

export type Answer = RawAnswer

/** One answer of `groupme api`: as it came, and what it holds. */
export interface ApiPage {
  answer: Answer
  content: AnswerContent
}

/** What an answer holds: nothing (a 204, a 304), text that is not JSON, or JSON data without its envelope. */
export type AnswerContent = {kind: 'empty'} | {kind: 'text'; text: string} | {kind: 'json'; data: unknown}

const read = new WeakMap<Answer, AnswerContent>()

/**
 * The data of an answer: the envelope's `response` when there is an envelope, else the body as
 * it is (the image service, a bare v2 read receipt: docs/service.md, Envelope). Integers past
 * 2^53 keep every digit. Parsed once per answer.
 */
export function readAnswer(answer: Answer): AnswerContent {
  let content = read.get(answer)
  if (content) return content
  const text = answer.body.toString('utf8')
  if (text.trim() === '') {
    content = {kind: 'empty'}
  } else {
    try {
      const body = parseJsonLossless(text)
      content = {kind: 'json', data: isEnvelope(body) ? body.response : body}
    } catch {
      content = {kind: 'text', text}
    }
  }

  read.set(answer, content)
  return content
}
