import { useConfig } from '../config'
import { useLogger } from '../log'
import { ConverterPool } from './pool'

export { ConverterPool, type TConverterPoolOptions } from './pool'
export { findSoffice, INSTALL_HINT, OfficeError, WarmOffice, type TOfficeErrorCode, type TWarmOfficeOptions } from './warm-office'

let pool: ConverterPool | undefined

/**
 * The process's warm converter, sized and timed from the config. Only the worker runs it:
 * LibreOffice is ~85 MB per instance and conversions are jobs, not web requests.
 */
export function useConverter(): ConverterPool {
  if (!pool) {
    const cfg = useConfig()
    const log = useLogger('converter')
    pool = new ConverterPool({
      instances: cfg.CONVERTER_INSTANCES,
      timeoutMs: cfg.CONVERTER_TIMEOUT_MS,
      onEvent: (event, detail) => (event === 'started' ? log.info : log.warn)(`libreoffice ${event}`, detail),
    })
  }
  return pool
}

export async function stopConverter(): Promise<void> {
  const p = pool
  pool = undefined
  await p?.stop()
}
