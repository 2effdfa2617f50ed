import * as Args from '@oclif/core/args'

/** CHAT: parsed by parseChatRef, resolved by resolveConversationId. */
export const chatArg = Args.string({description: 'The chat id that chats list prints, the other user\'s id, or @Name.', required: true})

/** USER: parsed by parseUserRef, resolved by resolveUserId. */
export const userArg = Args.string({description: 'The other user\'s id, @Name, or the chat id that chats list prints.', required: true})
