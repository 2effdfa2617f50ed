// S2 baseline: the least a Node program can do to make the CLI's GET(s) and print the body.
//   GROUPME_TOKEN=… node test/bench/baseline-get.js URL [URL…]
import {get} from 'node:http'

for (const url of process.argv.slice(2)) {
  const body = await new Promise((resolve, reject) => {
    get(url, {headers: {'X-Access-Token': process.env.GROUPME_TOKEN}}, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve(Buffer.concat(chunks)))
    }).on('error', reject)
  })
  process.stdout.write(body)
  process.stdout.write('\n')
}
