import type {User} from '../../api/api.js'
import type {Column} from '../../output/render.js'

export interface Identity {
  user: User
  tokenSource: string
  maskedToken: string
}

export const identityColumns: Column<Identity>[] = [
  {header: 'name', value: ({user}) => user.name},
  {header: 'user id', value: ({user}) => String(user.id)},
  {header: 'token', value: ({maskedToken}) => maskedToken},
  {header: 'token from', value: ({tokenSource}) => tokenSource},
]
