import type {User} from '../../api/api.js'
import type {Column} from '../../output/render.js'

export interface Identity {
  user: User
  tokenSource: string
  maskedToken: string
}

/** `auth status --json FIELDS`: the user (id, name, email, …), where the token comes from, and the token masked. */
export const identityFields = ['user', 'token_source', 'token'] as const

export const identityColumns: Column<Identity>[] = [
  {header: 'name', value: ({user}) => user.name},
  {header: 'user id', value: ({user}) => String(user.id)},
  {header: 'token', value: ({maskedToken}) => maskedToken},
  {header: 'token from', value: ({tokenSource}) => tokenSource},
]
