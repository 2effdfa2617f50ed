// T1 baseline: a minimal Node pager making the same requests as `dm list USER --all --jsonl`:
// GET /direct_messages?other_user_id=…&limit=100, then before_id=<oldest id> until an empty page
// or a 304, over one keep-alive connection, one JSON line a message.
//   GROUPME_API_URL=… GROUPME_TOKEN=… node test/bench/baseline-pager.js USER_ID > /dev/null
import {Agent, get} from 'node:http'

const agent = new Agent({keepAlive: true, maxSockets: 1})
const api = process.env.GROUPME_API_URL
const headers = {'X-Access-Token': process.env.GROUPME_TOKEN, Accept: 'application/json'}

function page(url) {
  return new Promise((resolve, reject) => {
    get(url, {agent, headers}, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => {
        if (response.statusCode === 304) return resolve([])
        if (response.statusCode !== 200) return reject(new Error(`${url}: ${response.statusCode}`))
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).response.direct_messages ?? [])
      })
    }).on('error', reject)
  })
}

let before = ''
for (;;) {
  const messages = await page(`${api}/direct_messages?other_user_id=${process.argv[2]}&limit=100${before && `&before_id=${before}`}`)
  if (messages.length === 0) break
  const text = messages.map((message) => JSON.stringify(message) + '\n').join('')
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve))
  before = messages.at(-1).id
}

agent.destroy()
