import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../lib/errors'
import { defineOperation, defineProvider, type TCallOptions, type TCallResult } from '../core/provider'

/**
 * SMS, SANDBOX ONLY for now: there is no live client yet, every message is recorded
 * in the integration outbox (status `recorded`) and nothing leaves the platform.
 * The notification issue adds the real provider (SMSC): it will fill `credentials`
 * from the config and `live` with a client speaking SMSC's HTTP API; callers of
 * sendSms() do not change.
 */
export const ZSendSmsSchema = z.object({
  to: z.string().regex(/^\+\d{10,15}$/, 'must be an E.164 number'),
  // One line of plain text; long texts are split into parts by the provider, keep them short.
  text: z.string().trim().min(1).max(480),
})
export type TSendSmsInput = z.input<typeof ZSendSmsSchema>

export interface TSendSmsResult {
  messageId: string
}

export const smsProvider = defineProvider({
  name: 'sms',
  operations: {
    send: defineOperation({
      input: ZSendSmsSchema,
      recipient: (m) => m.to,
      sandbox: (): TSendSmsResult => ({ messageId: `sandbox-${randomUUID()}` }),
    }),
  },
  // No credentials exist yet, so the sandbox always answers.
  credentials: (): undefined => undefined,
  live: () => {
    throw new AppError('INTERNAL', 'No live SMS client yet (sandbox only).')
  },
})

/** Sends one SMS; today that means recording it in the sandbox outbox. */
export async function sendSms(input: TSendSmsInput, opts: TCallOptions = {}): Promise<TCallResult<TSendSmsResult>> {
  return smsProvider.call('send', input, opts)
}
