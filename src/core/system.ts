import type {GroupMeApi} from '../api/api.js'
import {GroupMeClient} from '../api/client.js'
import {DEFAULT_RETRY_POLICY, type RetryPolicy} from '../api/retry.js'
import {systemClock} from '../base/clock.js'
import type {ApiOptions, Services} from './context.js'
import {processSignals} from './interrupt.js'
import {IOStreams} from './io.js'
import {readSettings, type Settings} from './settings.js'

/** The process's own services: its environment, streams, clock and signals, and the service over HTTP. */
export function systemServices(config: {configDir: string; userAgent: string}): Services {
  const settings = readSettings()
  return {
    io: IOStreams.system(settings),
    settings,
    clock: systemClock,
    signals: processSignals,
    configDir: config.configDir,
    connect: connectOverHttp(settings, config.userAgent),
  }
}

/** GroupMeClient at the settings' endpoints, at their pace, with the standard retries unless a test shortens them. */
export function connectOverHttp(settings: Settings, userAgent: string, retry: RetryPolicy = DEFAULT_RETRY_POLICY): (options: ApiOptions) => GroupMeApi {
  return (options) =>
    new GroupMeClient(settings.endpoints(), {
      ...options,
      maxRequestsPerSecond: settings.maxRequestsPerSecond(),
      retry,
      userAgent,
    })
}
