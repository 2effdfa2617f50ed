import * as Flags from '@oclif/core/flags'
import {parseFilter} from '../../lib/archive/filter-flags.js'
import {chatsFlag, dbFlag} from '../../lib/archive/flags.js'
import {withArchive} from '../../lib/archive/location.js'
import {BaseCommand, baseFlagsRefusing} from '../../core/base-command.js'
import {refuseDash} from '../../core/flags.js'
import {noTsvHelp} from '../../output/render.js'

export default class ArchiveHtml extends BaseCommand<typeof ArchiveHtml> {
  static override summary = 'Write the archive as a website that opens offline from the folder: every chat, its images, a search box.'
  static override description =
    'index.html lists the chats; each chat has pages of 1,000 messages, by day, with its images (from `archive sync --media`), ' +
    'replies, likes and reactions, and times in this machine\'s time zone (TZ). The pages load nothing from the network. ' +
    'Run it again after a sync: only the files that changed are rewritten. The folder must be new, empty, or one this command wrote. ' +
    'With --chat, only those chats and the index are written again; the other chats of the site stay as they are. Prints what it wrote and the address to open.' +
    '\n\n' +
    noTsvHelp('two lines, what was written and the address to open')

  static override examples = [
    {description: 'Every chat', command: '<%= config.bin %> archive html --out ./groupme-site'},
    {description: 'Alice only, then open it', command: '<%= config.bin %> archive html --out ./alice --chat @Alice && xdg-open ./alice/index.html'},
  ]

  static override untestedExamples = {
    '<%= config.bin %> archive html --out ./alice --chat @Alice && xdg-open ./alice/index.html': 'opens a browser (xdg-open); the site itself is tested in Chromium',
  }

  static override baseFlags = baseFlagsRefusing({header: 'it prints two lines, what was written and the address to open; no columns'})

  static override flags = {
    db: dbFlag,
    chat: chatsFlag,
    out: refuseDash(
      Flags.string({char: 'o', description: 'The folder to write the site into (created if missing).', required: true}),
      'the site is a folder of pages; give the folder',
    ),
  }

  async run() {
    const {flags} = this
    const {writeSite, siteOutput} = await import('../../lib/archive/html/site.js')
    const filter = parseFilter(flags)
    const {timeZone} = this.context.settings
    return siteOutput(
      await withArchive(flags.db, this.context, (db, dbPath) => writeSite(db, {dbPath, out: flags.out, chats: filter.resolve(db).chats, timeZone})),
    )
  }
}
