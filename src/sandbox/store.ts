import {createHash} from 'node:crypto'

import {SandboxFiles} from './files.js'
import {compareIds, conversationId, isNumericId} from './ids.js'
import {type LikeIcon, type Reaction, setReaction} from './reactions.js'

/** Attachments are an open list (docs/service.md, Message objects in the wild): only `type` is known. */
export type Attachment = {type: string} & Record<string, unknown>

export interface SandboxUser {
  id: string
  name: string
  avatar_url: string | null
  email?: string
  phone_number?: string
  created_at?: number
}

export interface DirectMessage {
  attachments: Attachment[]
  avatar_url: string | null
  conversation_id: string
  created_at: number
  favorited_by: string[]
  id: string
  name: string
  recipient_id: string
  sender_id: string
  sender_type: 'user' | 'system'
  source_guid: string
  text: string | null
  user_id: string
  pinned_at: number | null
  pinned_by: string
  deleted_at?: number
  deletion_actor?: string
  /** Set by an edit (docs/service.md, Message objects in the wild). */
  updated_at?: number
  event?: {type: string; data: Record<string, unknown>}
  reactions?: Reaction[]
}

export interface ReadReceipt {
  id: string
  chat_id: string
  message_id: string
  user_id: string
  read_at: number
}

export interface Chat {
  created_at: number
  updated_at: number
  last_message: DirectMessage
  messages_count: number
  other_user: {avatar_url: string | null; id: string | number; name: string}
  message_deletion_period: number
  message_deletion_mode: string[]
  message_edit_period: number
  requires_approval: boolean
  unread_count: null
  last_read_message_id: string | null
  last_read_at: number | null
}

export interface Conversation {
  /** The compound id, user ids in numeric order. */
  readonly id: string
  readonly otherUser: SandboxUser
  /** Sorted by id, ascending. */
  readonly messages: DirectMessage[]
  /** Serve other_user.id as a number, the legacy shape (docs/service.md, Chats). */
  legacyNumericId: boolean
  /** My latest read receipt; index answers carry it only when set. */
  readReceipt?: ReadReceipt
}

/** A block as GET /blocks lists it (docs/actions.md, Blocks). */
export interface Block {
  user_id: string
  blocked_user_id: string
  created_at: number
}

export interface StoredImage {
  id: string
  url: string
  contentType: string
  bytes: Buffer
}

export interface MessageDraft {
  /** Default: made from the time and a counter, so later messages get larger ids. */
  id?: string
  /** A user id, or 'system'. */
  senderId: string
  /** The partner of "me" in the conversation. */
  otherUserId: string
  /** Seconds; default now. */
  createdAt?: number
  text: string | null
  attachments?: Attachment[]
  sourceGuid?: string
  /** Extra or overriding fields: event, reactions, favorited_by, deletion fields... */
  extra?: Partial<DirectMessage>
}

export interface PageQuery {
  beforeId?: string
  sinceId?: string
  afterId?: string
  limit: number
}

const SYSTEM_SENDER: SandboxUser = {id: 'system', name: 'GroupMe', avatar_url: ''}
const GUID_WINDOW_MS = 60_000
const DELETED_TEXT = 'This message was deleted'

/** In-memory state of the sandbox: users, conversations, source_guid memory and images. */
export class SandboxStore {
  readonly users = new Map<string, SandboxUser>()
  readonly images = new Map<string, StoredImage>()
  /** The file service's uploads and files. */
  readonly files = new SandboxFiles()
  /** Blocks made by me or by others against me. */
  readonly blocks: Block[] = []
  private readonly conversations = new Map<string, Conversation>()
  /** `${senderId} ${source_guid}` -> when it was last sent, ms. */
  private readonly recentGuids = new Map<string, number>()
  private idCounter = 0
  private newestCreatedAt = 0
  /** Called with every message stored, after it is stored (the push service listens here). */
  private readonly insertListeners = new Set<(message: DirectMessage) => void>()
  /** Called after a message's likes or reactions change (the push service's `favorite`). */
  private readonly reactionListeners = new Set<(message: DirectMessage) => void>()

  constructor(
    readonly me: SandboxUser,
    readonly baseUrl: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.users.set(me.id, me)
  }

  addUser(user: SandboxUser): SandboxUser {
    this.users.set(user.id, user)
    return user
  }

  /** Seconds, never before the newest stored message, so a new message always sorts last. */
  now(): number {
    return Math.max(Math.floor(this.clock() / 1000), this.newestCreatedAt)
  }

  /** By the other user's id, or by compound id with the two ids in either order. */
  conversation(ref: string): Conversation | undefined {
    const parts = ref.split('+')
    if (parts.length === 1) {
      return isNumericId(ref) ? this.conversations.get(conversationId(this.me.id, ref)) : undefined
    }

    if (parts.length !== 2 || !parts.every(isNumericId) || !parts.includes(this.me.id)) return undefined
    return this.conversations.get(conversationId(parts[0], parts[1]))
  }

  messages(ref: string): readonly DirectMessage[] {
    return this.conversation(ref)?.messages ?? []
  }

  chat(ref: string): Chat | undefined {
    const conversation = this.conversation(ref)
    return conversation && chatView(conversation)
  }

  /** Newest activity first. */
  chats(): Chat[] {
    return [...this.conversations.values()].map(chatView).sort((a, b) => b.updated_at - a.updated_at)
  }

  countBySourceGuid(sourceGuid: string): number {
    let count = 0
    for (const conversation of this.conversations.values()) {
      for (const message of conversation.messages) if (message.source_guid === sourceGuid) count++
    }

    return count
  }

  findMessage(conversation: Conversation, messageId: string): DirectMessage | undefined {
    if (!isNumericId(messageId)) return undefined
    const found = conversation.messages[lowerBound(conversation.messages, messageId)]
    return found?.id === messageId ? found : undefined
  }

  /** Store a message, creating the conversation on its first one. */
  insert(draft: MessageDraft): DirectMessage {
    const other = this.otherUser(draft.otherUserId)
    const sender = draft.senderId === SYSTEM_SENDER.id ? SYSTEM_SENDER : this.users.get(draft.senderId)
    if (sender !== this.me && sender !== other && sender !== SYSTEM_SENDER) {
      throw new Error(`sandbox: ${draft.senderId} is not in the conversation with ${other.id}`)
    }

    const createdAt = draft.createdAt ?? this.now()
    const id = draft.id ?? `${createdAt}${String(this.idCounter++).padStart(8, '0')}`
    const conversation = this.conversationWith(other)
    const message: DirectMessage = {
      attachments: draft.attachments ?? [],
      avatar_url: sender.avatar_url,
      conversation_id: conversation.id,
      created_at: createdAt,
      favorited_by: [],
      id,
      name: sender.name,
      recipient_id: sender.id === this.me.id ? other.id : this.me.id,
      sender_id: sender.id,
      sender_type: sender === SYSTEM_SENDER ? 'system' : 'user',
      source_guid: draft.sourceGuid ?? guidFor(id),
      text: draft.text,
      user_id: sender.id,
      pinned_at: null,
      pinned_by: '',
      ...draft.extra,
    }
    const {messages} = conversation
    if (messages.length === 0 || compareIds(messages[messages.length - 1].id, id) < 0) {
      messages.push(message)
    } else {
      messages.splice(lowerBound(messages, id), 0, message)
    }

    this.newestCreatedAt = Math.max(this.newestCreatedAt, createdAt)
    for (const listener of this.insertListeners) listener(message)
    return message
  }

  /** Listen to every change of a message's likes or reactions from now on; returns the function that stops listening. */
  onReaction(listener: (message: DirectMessage) => void): () => void {
    this.reactionListeners.add(listener)
    return () => this.reactionListeners.delete(listener)
  }

  private reacted(message: DirectMessage): void {
    for (const listener of this.reactionListeners) listener(message)
  }

  /** Listen to every message stored from now on; returns the function that stops listening. */
  onInsert(listener: (message: DirectMessage) => void): () => void {
    this.insertListeners.add(listener)
    return () => this.insertListeners.delete(listener)
  }

  /** For tests: `n` new messages arrive now in the conversation with `otherUserId`. */
  addMessages(
    otherUserId: string,
    n: number,
    options: {from?: 'me' | 'other'; text?: (i: number) => string} = {},
  ): DirectMessage[] {
    const senderId = options.from === 'me' ? this.me.id : otherUserId
    const text = options.text ?? ((i: number) => `New message ${i + 1}`)
    return Array.from({length: n}, (_, i) => this.insert({senderId, otherUserId, text: text(i)}))
  }

  /** A send from "me"; undefined when the source_guid was used in the last minute (the 409 case). */
  send(recipientId: string, sourceGuid: string, text: string | null, attachments: Attachment[]): DirectMessage | undefined {
    const key = `${this.me.id} ${sourceGuid}`
    const now = this.clock()
    const previous = this.recentGuids.get(key)
    if (previous !== undefined && now - previous < GUID_WINDOW_MS) return undefined
    this.recentGuids.set(key, now)
    return this.insert({senderId: this.me.id, otherUserId: recipientId, text, attachments, sourceGuid})
  }

  /**
   * Newest first, except after_id alone, which answers oldest first (docs/service.md, Messages,
   * leaves that order open; clients must sort). since_id gives the newest `limit` after the id,
   * skipping the rest.
   */
  page(conversation: Conversation, query: PageQuery): DirectMessage[] {
    const {messages} = conversation
    const floorId = query.sinceId ?? query.afterId
    const low = floorId === undefined ? 0 : upperBound(messages, floorId)
    const high = query.beforeId === undefined ? messages.length : lowerBound(messages, query.beforeId)
    if (high <= low) return []
    if (query.sinceId === undefined && query.afterId !== undefined) {
      return messages.slice(low, Math.min(low + query.limit, high))
    }

    return messages.slice(Math.max(low, high - query.limit), high).reverse()
  }

  /** The message stays in history as a tombstone (docs/service.md, Deleting). */
  deleteMessage(message: DirectMessage): void {
    message.deleted_at = this.now()
    message.deletion_actor = 'sender'
    message.text = DELETED_TEXT
    message.attachments = []
  }

  /** For tests: `userId` likes a message after the fact, as a like arrives on the service. */
  like(message: DirectMessage, userId: string): void {
    if (!message.favorited_by.includes(userId)) message.favorited_by.push(userId)
    this.reacted(message)
  }

  /** `userId` likes or reacts (with `icon`), replacing an earlier like or reaction of theirs. */
  react(message: DirectMessage, userId: string, icon?: LikeIcon): void {
    setReaction(message, userId, {icon})
    this.reacted(message)
  }

  /** `userId`'s like or reaction is taken away. */
  unreact(message: DirectMessage, userId: string): void {
    setReaction(message, userId, {remove: true})
    this.reacted(message)
  }

  /** For tests: a message is edited within the edit window: new text and `updated_at`. */
  edit(message: DirectMessage, text: string): void {
    message.text = text
    message.updated_at = this.now()
  }

  /** Clear a chat's history (`DELETE /chats/:id`): the conversation is gone until a new message starts it again. */
  clearConversation(conversation: Conversation): void {
    this.conversations.delete(conversation.id)
  }

  /** Pin a message as `userId`; the chat gets the system message the service posts (docs/actions.md, Pins). */
  pin(conversation: Conversation, message: DirectMessage, userId: string): void {
    const at = this.now()
    message.pinned_at = at
    message.pinned_by = userId
    const name = this.users.get(userId)?.name ?? 'Someone'
    this.insert({
      senderId: SYSTEM_SENDER.id,
      otherUserId: conversation.otherUser.id,
      createdAt: at,
      text: `${name} pinned a message.`,
      extra: {event: {type: 'message.pinned', data: {message_id: message.id, pinned: true, pinned_at: at, pinned_by: userId}}},
    })
  }

  unpin(message: DirectMessage): void {
    message.pinned_at = null
    message.pinned_by = ''
  }

  /** Whether either of the two users blocked the other. */
  blocked(userA: string, userB: string): boolean {
    return this.blocks.some((block) => (block.user_id === userA && block.blocked_user_id === userB) || (block.user_id === userB && block.blocked_user_id === userA))
  }

  /** `userId` blocks `otherUserId` (once); the block. */
  block(userId: string, otherUserId: string): Block {
    const found = this.blocks.find((block) => block.user_id === userId && block.blocked_user_id === otherUserId)
    if (found) return found
    const block = {user_id: userId, blocked_user_id: otherUserId, created_at: this.now()}
    this.blocks.push(block)
    return block
  }

  unblock(userId: string, otherUserId: string): void {
    const index = this.blocks.findIndex((block) => block.user_id === userId && block.blocked_user_id === otherUserId)
    if (index >= 0) this.blocks.splice(index, 1)
  }

  /** Reading an older message than the last one read only refreshes the time (API reference, read receipts). */
  markRead(conversation: Conversation, messageId: string): ReadReceipt | undefined {
    if (!this.findMessage(conversation, messageId)) return undefined
    const previous = conversation.readReceipt?.message_id
    const readId = previous !== undefined && compareIds(previous, messageId) > 0 ? previous : messageId
    conversation.readReceipt = {
      id: readId,
      chat_id: conversation.id,
      message_id: readId,
      user_id: this.me.id,
      read_at: this.now(),
    }
    return conversation.readReceipt
  }

  /** Content-addressed, so storing the same bytes twice gives the same URL. */
  storeImage(bytes: Buffer, contentType: string): StoredImage {
    const id = createHash('sha256').update(bytes).digest('hex').slice(0, 32)
    const image = {id, url: `${this.baseUrl}/image/files/${id}`, contentType, bytes}
    this.images.set(id, image)
    return image
  }

  private otherUser(id: string): SandboxUser {
    const user = this.users.get(id)
    if (!user || user === this.me) throw new Error(`sandbox: no user ${id} to talk to`)
    return user
  }

  private conversationWith(other: SandboxUser): Conversation {
    const id = conversationId(this.me.id, other.id)
    let conversation = this.conversations.get(id)
    if (!conversation) {
      conversation = {id, otherUser: other, messages: [], legacyNumericId: false}
      this.conversations.set(id, conversation)
    }

    return conversation
  }
}

function chatView(conversation: Conversation): Chat {
  const {messages, otherUser, readReceipt} = conversation
  const last = messages[messages.length - 1]
  return {
    created_at: messages[0].created_at,
    updated_at: last.created_at,
    last_message: last,
    messages_count: messages.length,
    other_user: {
      avatar_url: otherUser.avatar_url,
      id: conversation.legacyNumericId ? Number(otherUser.id) : otherUser.id,
      name: otherUser.name,
    },
    message_deletion_period: 2_147_483_647,
    message_deletion_mode: ['sender'],
    message_edit_period: 15,
    requires_approval: false,
    unread_count: null,
    last_read_message_id: readReceipt?.message_id ?? null,
    last_read_at: readReceipt?.read_at ?? null,
  }
}

/** First index whose id is >= `id`. */
function lowerBound(messages: readonly DirectMessage[], id: string): number {
  return search(messages, (messageId) => compareIds(messageId, id) < 0)
}

/** First index whose id is > `id`. */
function upperBound(messages: readonly DirectMessage[], id: string): number {
  return search(messages, (messageId) => compareIds(messageId, id) <= 0)
}

/** First index where `before` turns false; it must be true on a prefix of the array. */
function search(messages: readonly DirectMessage[], before: (messageId: string) => boolean): number {
  let low = 0
  let high = messages.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (before(messages[middle].id)) low = middle + 1
    else high = middle
  }

  return low
}

/** A stable, UUID-shaped source_guid for messages that did not come with one. */
function guidFor(id: string): string {
  const hex = createHash('md5').update(id).digest('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
