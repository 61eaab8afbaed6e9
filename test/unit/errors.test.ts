import { describe, expect, it } from 'vitest'
import { AppError, AppErrorCode, STATUS_BY_CODE } from '../../server/lib/errors'

describe('AppError', () => {
  it('maps every code to an HTTP status in one place', () => {
    for (const code of Object.values(AppErrorCode)) {
      const s = STATUS_BY_CODE[code]
      expect(s, code).toBeGreaterThanOrEqual(400)
      expect(new AppError(code, 'x').status).toBe(s)
    }
    expect(new AppError('VALIDATION', 'x').status).toBe(400)
    expect(new AppError('CONFLICT', 'x').status).toBe(409)
    expect(new AppError('RATE_LIMITED', 'x').status).toBe(429)
  })

  it('answers a body with code, message, i18n key and field paths, never a stack', () => {
    const e = new AppError('VALIDATION', 'Invalid body', { fields: [{ path: 'body.email', message: 'Invalid email' }] })
    const body = e.toBody()
    expect(body.error.code).toBe('VALIDATION')
    expect(body.error.messageKey).toBe('errors.validation')
    expect(body.error.fields?.[0]?.path).toBe('body.email')
    expect(JSON.stringify(body)).not.toContain('at ')
  })

  it('notFound names what was missing', () => {
    const e = AppError.notFound('Workspace')
    expect(e.status).toBe(404)
    expect(e.message).toBe('Workspace not found')
  })
})
