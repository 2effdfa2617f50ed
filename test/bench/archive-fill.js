// `node test/bench/archive-fill.js DB MESSAGES CHATS`: an archive of MESSAGES messages in CHATS
// chats, written straight into SQLite (the schema made by the CLI's own openArchive, the FTS index
// by its triggers), for the readers' memory figures (M4): a sync of a million messages would
// take the bench many minutes and measures something else (M2).
import {openArchive} from '../../dist/lib/archive/schema.js'

const [path, messagesArg, chatsArg] = process.argv.slice(2)
// Written into the SQL as integers: a bound JavaScript number is a REAL to SQLite (100000000.0).
const messages = Math.trunc(Number(messagesArg))
const chats = Math.trunc(Number(chatsArg))
const db = await openArchive(path)
const me = '93645911'
db.transaction(() => {
  db.prepare("INSERT INTO meta (key, value) VALUES ('me', ?)").run(me)
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${chats} - 1)
     INSERT INTO chats (id, other_user_id, other_user_name, created_at, updated_at, messages_count, raw)
     SELECT '${me}+' || (100000000 + i), 100000000 + i, 'Partner ' || i, 1600000000, 1700000000, 0, '{}' FROM n`,
  ).run()
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${messages} - 1)
     INSERT INTO messages (id, num, conversation_id, created_at, sender_id, user_id, sender_type, name, text, raw, archived_at)
     SELECT CAST(170000000000000000 + i AS TEXT), 170000000000000000 + i, '${me}+' || (100000000 + i % ${chats}), 1600000000 + i,
            sender, sender, 'user', 'Partner', body,
            json_object('attachments', json('[]'), 'avatar_url', 'https://i.groupme.com/200x200.jpeg.0123456789abcdef0123456789abcdef',
              'conversation_id', '${me}+' || (100000000 + i % ${chats}), 'created_at', 1600000000 + i, 'favorited_by', json('[]'),
              'id', CAST(170000000000000000 + i AS TEXT), 'name', 'Partner', 'recipient_id', '${me}', 'sender_id', sender,
              'sender_type', 'user', 'source_guid', lower(hex(randomblob(16))), 'text', body, 'user_id', sender),
            1700000000
     FROM (SELECT i, CAST(100000000 + i % ${chats} AS TEXT) AS sender,
                  'message ' || i || ': coffee on the weekend, then the report, and a concert after ' || (i % 977) AS body FROM n)`,
  ).run()
})
db.close()
