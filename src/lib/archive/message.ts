import type {Message} from '../../api/api.js'
import type {Database} from './sqlite.js'

/** One archived message by id, as the service sent it, with its chat; undefined when the archive lacks it. */
export function archivedMessage(db: Database, id: string): {message: Message; chat: string} | undefined {
  const row = db.prepare('SELECT raw, conversation_id FROM messages WHERE id = ?').get(id)
  if (!row) return undefined
  return {message: JSON.parse(String(row.raw)) as Message, chat: String(row.conversation_id)}
}
