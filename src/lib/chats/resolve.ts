import type {GroupMeClient} from '../client/index.js'
import type {ChatRef} from '../ids.js'

/** A CHAT argument as a compound id: given only the other user's id, pair it with /users/me. */
export async function resolveConversationId(client: GroupMeClient, ref: ChatRef): Promise<string> {
  return 'conversationId' in ref ? ref.conversationId : client.conversationWith(ref.otherUserId)
}
