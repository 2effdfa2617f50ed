import * as Args from '@oclif/core/args'

/** CHAT: parsed by parseChatRef, resolved by resolveConversationId. */
export const chatArg = Args.string({description: 'Compound chat id, the other user\'s id, or @Name.', required: true})

/** USER: parsed by parseUserRef, resolved by resolveUserId. */
export const userArg = Args.string({description: 'The other user\'s id, or @Name.', required: true})
