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
  // Cut on a narrow terminal, the masked token keeps its last characters: the part that tells tokens apart.
  {header: 'token', value: ({maskedToken}) => maskedToken, keep: 'end'},
  {header: 'token from', value: ({tokenSource}) => tokenSource},
]
