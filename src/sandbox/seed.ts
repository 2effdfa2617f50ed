import type {Attachment, DirectMessage, SandboxStore, SandboxUser} from './store.js'

/** The authenticated user: the id used throughout the API reference. */
export const ME: SandboxUser = {
  id: '93645911',
  name: 'Sandbox Me',
  avatar_url: 'https://i.groupme.com/1024x1024.jpeg.a13c40722d454d0e9c59d2cedb119056',
  email: 'sandbox.me@example.com',
  phone_number: '+1 2025550143',
  created_at: 1_561_234_567,
}

/**
 * A string sort puts this id before ME's; the numeric order is 93645911+118825642
 * (docs/service.md, Deleting).
 */
export const ALICE: SandboxUser = {id: '118825642', name: 'Alice Example', avatar_url: null}
export const BOB: SandboxUser = {
  id: '56366372',
  name: 'Bob',
  avatar_url: 'https://i.groupme.com/1024x1024.jpeg.a13c409e2d454320e9c59d2cedb119056',
}
/** Same name as Bob but for case: for ambiguous-name lookups. */
export const BOB_CAPS: SandboxUser = {id: '56366400', name: 'BOB', avatar_url: ''}
/** Served with other_user.id as a number, the legacy shape. */
export const CAROL: SandboxUser = {id: '74938777', name: 'Carol', avatar_url: 'https://i.groupme.com/200x200.jpeg.abcdef'}
/** A name carrying a clear-screen CSI, an OSC title sequence and a BiDi override. */
export const MALLORY: SandboxUser = {
  id: '81234567',
  name: 'Mallory\u001b[2J\u001b]0;pwned\u0007 \u202eevil',
  avatar_url: null,
}

/** A valid 1x1 PNG. */
export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
/** A 16×16 picture (a face on blue): every user picture the sandbox serves. */
export const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAJUlEQVR42mMwqThGEmIYnhr+X5sGR4Q1IKvGqof+GkZqxFFZAwCHo4d2AyhYdwAAAABJRU5ErkJggg==',
  'base64',
)
/** Just an MP4 `ftyp` box: enough for a download to have the right bytes and type. */
const TINY_MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex')

/** The file attachment in the seed, stored on the sandbox's file service. */
export const SEED_FILE_ID = '3f1c2a9e-5b7d-4e8f-9a06-1c2d3e4f5a6b'

const MINUTE = 60
const DAY = 24 * 60 * MINUTE
/**
 * The message id in the commands' --help examples (dm delete, receipt send, dm list --since-id):
 * my "Yes, that's me 👋" to Alice, as the seed below makes it, so every example runs here as
 * written (test/e2e/examples.test.ts checks it is still that message).
 */
export const EXAMPLE_MESSAGE_ID = '179084538000000001'
const ALICE_START = 1_790_845_200 // 2026-10-01T09:00:00Z

/** Users and chats for the demo and the tests; images point at the sandbox itself. */
export function seedStore(store: SandboxStore): void {
  // A user with a picture gets one the sandbox serves (a copy of the user: the constants stay as they are).
  for (const user of [ALICE, BOB, BOB_CAPS, CAROL, MALLORY]) {
    store.addUser(user.avatar_url ? {...user, avatar_url: store.storeImage(AVATAR_PNG, 'image/png').url} : user)
  }

  seedAlice(store)
  seedOthers(store)
}

function seedAlice(store: SandboxStore): void {
  const picture = store.storeImage(ONE_PIXEL_PNG, 'image/png').url
  const video = store.storeImage(TINY_MP4, 'video/mp4').url
  const at = (day: number, minutes: number): number => ALICE_START + day * DAY + minutes * MINUTE
  const say = (
    senderId: string,
    createdAt: number,
    text: string | null,
    attachments: Attachment[] = [],
    extra: Partial<DirectMessage> = {},
  ): DirectMessage => store.insert({senderId, otherUserId: ALICE.id, createdAt, text, attachments, extra})
  const me = ME.id
  const alice = ALICE.id

  say(alice, at(0, 0), 'Hi! Is this the right number for the sandbox project?')
  say(me, at(0, 3), "Yes, that's me 👋")
  // Edited within the edit window: the text as it now reads, with updated_at (docs/actions.md, Chats).
  say(alice, at(0, 5), 'Great. Coffee at 10:30? ☕', [], {updated_at: at(0, 7)})
  // Reactions from both sides, one each (docs/actions.md, Likes and reactions).
  say(me, at(0, 6), 'Sounds good — see you at Café Müller', [], {
    favorited_by: [alice, me],
    reactions: [
      {type: 'unicode', pack_id: 0, pack_index: 0, code: '❤️', user_ids: [alice]},
      {type: 'unicode', pack_id: 0, pack_index: 0, code: '🔥', user_ids: [me]},
    ],
  })
  say(alice, at(0, 58), "I'm here", [{type: 'location', lat: '40.738206', lng: '-73.993285', name: 'GroupMe HQ'}])
  say(me, at(0, 180), 'Agenda:\n\t1. budget\n\t2. timeline\n\t3. naïve questions')
  say(alice, at(1, 10), '日本語も大丈夫? 👩‍👩‍👧‍👦 family emoji test')
  const whiteboard = say(me, at(1, 95), 'Whiteboard from today', [
    {type: 'image', url: picture, source_url: picture, blur_hash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj'},
  ])
  say(alice, at(1, 97), null, [{type: 'image', url: picture}])
  say(alice, at(1, 99), 'Can you send a sharper one?', [
    {type: 'reply', user_id: me, reply_id: whiteboard.id, base_reply_id: whiteboard.id},
  ])
  say(me, at(1, 120), 'Sure, later tonight')
  const mention = say(alice, at(2, 30), '@Sandbox Me @everyone the doc is up', [
    {type: 'mentions', user_ids: [me, '-1'], loci: [[0, 11], [12, 9]]},
  ])
  const spreadsheet = say(alice, at(2, 31), "Here's the spreadsheet", [{type: 'file', file_id: SEED_FILE_ID}])
  // The file behind it, on the file service: its name and type come from fileData.
  store.files.add({id: SEED_FILE_ID, conversationId: spreadsheet.conversation_id, name: 'budget.csv', contentType: 'text/csv', bytes: Buffer.from('quarter,amount\nQ1,1200\nQ2,1350\n')})
  say(me, at(2, 40), 'Got it, thanks!', [], {
    favorited_by: [alice],
    reactions: [{type: 'unicode', pack_id: 0, pack_index: 0, code: '🤣', user_ids: [alice]}],
  })
  say(alice, at(3, 0), "Lunch poll: https://s.groupme.com/1shwZm", [{type: 'poll', poll_id: '1791104400000001'}])
  say(alice, at(3, 5), 'Team dinner on Friday', [{type: 'event', event_id: '9b2e4c6a8d0f4e1a3c5b7d9f1e3a5c7b', view: 'full'}])
  say(me, at(4, 15), 'Demo recording', [{type: 'video', preview_url: picture, url: video}])
  say(alice, at(5, 20), 'Copilot summary: three open items.', [
    {
      type: 'copilot',
      conversation_id: 'V1StGXR8_Z5jdHi6B-myT',
      message_id: 'Uakgb_J5m9g-0JDMbcJqL',
      part_id: 'q9Wr3aZ_xkP0sT4uVbN2m',
      prompt_sender: alice,
      citations: [{index: 1, title: 'Sandbox notes', url: 'https://example.com/sandbox-notes', publisher: ''}],
    },
  ])
  say(alice, at(6, 0), 'This message was deleted', [], {deleted_at: at(6, 2), deletion_actor: 'sender'})
  mention.pinned_at = at(6, 30)
  mention.pinned_by = alice
  say('system', at(6, 30), 'Alice Example pinned a message.', [], {
    event: {type: 'message.pinned', data: {message_id: mention.id, pinned: true, pinned_at: at(6, 30), pinned_by: alice}},
  })
  say(alice, at(7, 0), '\u001b[31mred\u001b[0m alert — just kidding')
  say(me, at(7, 4), 'Ha. Your terminal is safe with me.')
  say(alice, at(8, 0), 'Tab\tseparated\tvalues\nsecond\tline')
  say(me, at(8, 30), 'Emoji only next:')
  say(alice, at(8, 31), '🎉🎉🎉')
  say(me, at(10, 0), "Let's ship it Monday.")
  say(alice, at(12, 0), 'Right-to-left: שלום עולם and العربية')
  say(me, at(15, 0), 'Draft: ignore this one')
  const lastFromAlice = say(alice, at(19, 0), 'Are we still on for Monday?')
  say(me, at(19, 45), 'Yes! Monday 9:00.')

  // The conversation exists: it was created by the first insert.
  const conversation = store.conversation(alice)!
  conversation.readReceipt = {id: '', chat_id: conversation.id, message_id: lastFromAlice.id, user_id: me, read_at: at(19, 2)}
}

function seedOthers(store: SandboxStore): void {
  const me = ME.id
  const conversationWith = (other: SandboxUser, start: number, lines: Array<[sender: string, minutes: number, text: string]>) => {
    for (const [senderId, minutes, text] of lines) {
      store.insert({senderId, otherUserId: other.id, createdAt: start + minutes * MINUTE, text})
    }

    return store.conversation(other.id)!
  }

  const bob = conversationWith(BOB, 1_791_633_600, [
    [me, 0, 'Bob, are you coming to the planning meeting?'],
    [BOB.id, 12, 'Which one? There are two this week.'],
    [me, 15, 'Thursday, 3pm.'],
    [BOB.id, 16, 'I think it’s a good idea!'],
  ])
  // Bob's reaction to my answer: reactions come from more than one partner.
  store.react(bob.messages[2], BOB.id, {type: 'unicode', code: '👍'})
  const last = bob.messages[bob.messages.length - 1]
  bob.readReceipt = {id: '', chat_id: bob.id, message_id: last.id, user_id: me, read_at: last.created_at + 7 * MINUTE}

  conversationWith(MALLORY, 1_790_618_400, [
    [MALLORY.id, 0, 'Click \u001b]8;;https://evil.example/\u0007here\u001b]8;;\u0007 for a prize'],
    [MALLORY.id, 1, 'invoice_\u202egpj.exe'],
    [me, 30, 'Nice try.'],
  ])
  conversationWith(BOB_CAPS, 1_789_459_200, [
    [BOB_CAPS.id, 0, "HI, IT'S BOB. THE OTHER BOB."],
    [me, 5, 'Hi BOB 🙂'],
  ])
  const carol = conversationWith(CAROL, 1_777_629_600, [
    [CAROL.id, 0, 'Hello world'],
    [me, 2, 'Hi Carol!'],
    [CAROL.id, 3, 'See you at the conference.'],
  ])
  carol.legacyNumericId = true
}
