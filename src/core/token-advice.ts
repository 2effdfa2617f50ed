/**
 * What to do about a refused token (a 401) depends on where it came from: GROUPME_TOKEN is fixed
 * by unsetting or correcting the variable, the saved one by logging in again; and against a
 * GROUPME_API_URL that is not the real service, the token may simply be the wrong service's.
 */
import {DEFAULT_ENDPOINTS} from '../api/endpoints.js'
import {TokenRefusedError} from '../base/errors.js'

/** Where the token in use came from: the variable, the config file (its path), or `auth login`'s stdin. */
export type TokenOrigin = {source: 'GROUPME_TOKEN'} | {source: 'config'; path: string} | {source: 'given'}

export function explainRefusedToken(error: TokenRefusedError, origin: TokenOrigin | undefined, apiUrl: string | undefined): TokenRefusedError {
  let advice: string
  switch (origin?.source) {
    case 'GROUPME_TOKEN': {
      advice = 'GROUPME_TOKEN was refused; unset it or set it to a valid token (without it, the token saved by `groupme auth login` is used)'
      break
    }

    case 'config': {
      advice = `the saved token (${origin.path}) was refused; log in again with \`groupme auth login --with-token\``
      break
    }

    case 'given': {
      advice = 'the token given was refused: copy it again from https://dev.groupme.com ("Access Token"); nothing was saved'
      break
    }

    default: {
      return error
    }
  }

  const elsewhere = apiUrl !== undefined && apiUrl !== DEFAULT_ENDPOINTS.api ? `; GROUPME_API_URL is ${apiUrl}, not the real service: is the token one of its tokens?` : ''
  return new TokenRefusedError(error.request, advice + elsewhere)
}
