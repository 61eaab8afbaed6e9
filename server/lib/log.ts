import { useConfig } from './config'

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
type TLevel = Exclude<keyof typeof LEVELS, 'silent'>

/** Structured one-line JSON logs: cheap to write, easy to grep and to ship. */
function write(level: TLevel, scope: string, msg: string, data?: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[useConfig().LOG_LEVEL]) return
  const line = JSON.stringify({ t: new Date().toISOString(), level, scope, msg, ...data })
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

export function useLogger(scope: string) {
  return {
    debug: (msg: string, data?: Record<string, unknown>) => write('debug', scope, msg, data),
    info: (msg: string, data?: Record<string, unknown>) => write('info', scope, msg, data),
    warn: (msg: string, data?: Record<string, unknown>) => write('warn', scope, msg, data),
    error: (msg: string, data?: Record<string, unknown>) => write('error', scope, msg, data),
  }
}
