import {GroupMeClient} from '../api/client.js'
import {DEFAULT_RETRY_POLICY} from '../api/retry.js'
import {type Services, systemClock} from './context.js'
import {processSignals} from './interrupt.js'
import {IOStreams} from './io.js'
import {readSettings} from './settings.js'

/** The process's own services: its environment, streams, clock and signals, and the service over HTTP. */
export function systemServices(config: {configDir: string; userAgent: string}): Services {
  const settings = readSettings()
  return {
    io: IOStreams.system(settings),
    settings,
    clock: systemClock,
    signals: processSignals,
    configDir: config.configDir,
    connect: (options) =>
      new GroupMeClient(settings.endpoints(), {
        ...options,
        maxRequestsPerSecond: settings.maxRequestsPerSecond(),
        retry: DEFAULT_RETRY_POLICY,
        userAgent: config.userAgent,
      }),
  }
}
