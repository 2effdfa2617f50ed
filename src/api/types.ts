/**
 * The service's objects, typed only as far as the CLI reads them. Every other field is kept
 * and passed through untouched (`--json` prints what the service sent).
 */
export interface Attachment {
  type: string
  [field: string]: unknown
}

export interface Message {
  id: string
  created_at: number
  text: string | null
  name?: string
  sender_id?: string
  user_id?: string
  sender_type?: string
  source_guid?: string
  recipient_id?: string
  conversation_id?: string
  attachments?: Attachment[]
  deleted_at?: number | null
  [field: string]: unknown
}

export interface ChatUser {
  /** A number in older answers, a string in newer ones (docs/service.md, Chats): a string once checked (shapes.ts). */
  id: string
  name: string
  avatar_url?: string | null
  [field: string]: unknown
}

export interface Chat {
  created_at: number
  updated_at: number
  messages_count: number
  other_user: ChatUser
  last_message?: Partial<Message>
  [field: string]: unknown
}

export interface User {
  id: string
  name: string
  [field: string]: unknown
}

export interface ReadReceipt {
  id: string
  chat_id: string
  message_id: string
  user_id?: string
  read_at: number
  [field: string]: unknown
}

export interface MessagePage {
  count?: number
  direct_messages: Message[]
  read_receipt?: ReadReceipt
}

export interface OutgoingMessage {
  source_guid: string
  recipient_id: string
  text?: string
  attachments: Attachment[]
}

/** What a like carries: nothing (a plain like), one of the 15 unicode reactions, or a GroupMe emoji (docs/actions.md). */
export type LikeIcon = {type: 'unicode'; code: string} | {type: 'emoji'; pack_id: number; pack_index: number}

/** A block as GET /blocks lists it. */
export interface Block {
  user_id: string
  blocked_user_id: string
  created_at?: number
  [field: string]: unknown
}

/** A file of the file service as fileData describes it. */
export interface FileData {
  file_id: string
  file_data: {file_name: string; file_size?: number; mime_type?: string; [field: string]: unknown}
}

/** A local file to upload to the file service. */
export interface UploadFile {
  path: string
  size: number
  /** The name the file is sent under. */
  name: string
}
