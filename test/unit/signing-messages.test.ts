import { describe, expect, it } from 'vitest'
import { signingEmail, signingSms } from '../../server/domains/notification/messages'
import { compactSteps, ZCreateSigningRequestSchema } from '../../shared/signing'

// The messages of a signing request in each language, and the shared rules of its form.
const KINDS = ['invite', 'reminder', 'signed', 'declined', 'completed', 'expired'] as const
const values = {
  file: 'Договор поставки.pdf',
  sender: 'ТОО «Ромашка»',
  party: 'Иванов Иван',
  reason: 'Неверная сумма',
  message: 'Подпишите, пожалуйста',
  deadline: '2026-12-10T12:00:00.000Z',
  link: 'https://dogovor24.kz/sign/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
}

describe('signing messages', () => {
  for (const locale of ['ru', 'kk', 'en']) {
    it(`${locale}: every kind names the file, carries the link and leaves no placeholder`, () => {
      const seen = new Set<string>()
      for (const kind of KINDS) {
        const m = signingEmail(kind, locale, values, 'Asia/Almaty')
        expect(m.subject, kind).toContain('Договор поставки.pdf')
        expect(m.text, kind).toContain(values.link)
        expect(`${m.subject}${m.text}`, kind).not.toMatch(/\{\w+\}/)
        seen.add(m.subject)
      }
      expect(seen.size).toBe(KINDS.length)
    })
  }

  it('an invitation quotes the message and the deadline in the region\'s time; a decline quotes the reason', () => {
    const invite = signingEmail('invite', 'ru', values, 'Asia/Almaty')
    expect(invite.text).toContain('Подпишите, пожалуйста')
    expect(invite.text).toMatch(/10\.12\.2026.*17:00/)
    expect(signingEmail('declined', 'kk', values, 'Asia/Almaty').text).toContain('Неверная сумма')
    const bare = signingEmail('invite', 'en', { ...values, message: null, deadline: null }, 'Asia/Almaty')
    expect(bare.text).not.toContain('Message:')
    expect(bare.text).not.toContain('Sign by')
  })

  it('an SMS stays short with long names and keeps the whole link', () => {
    const sms = signingSms('invite', 'kk', { ...values, file: 'Ж'.repeat(300), sender: 'Б'.repeat(200) })
    expect(sms.length).toBeLessThanOrEqual(480)
    expect(sms).toContain(values.link)
    expect(signingSms('reminder', 'ru', values)).toContain('ждёт вашей подписи')
  })
})

describe('signing request form rules', () => {
  it('steps as typed become consecutive, in their order', () => {
    expect(compactSteps([1, 3, 3, 7])).toEqual([1, 2, 2, 3])
    expect(compactSteps([2, 1])).toEqual([2, 1])
    expect(compactSteps([5])).toEqual([1])
  })

  it('a party needs an email or a phone; empty optional fields are absent; IIN and BIN are checked', () => {
    const ok = ZCreateSigningRequestSchema.safeParse({ parties: [{ name: 'A', email: '', phone: '+7 701 123 45 67', iin: '', bin: '', role: '', step: 1 }], message: '', deadline: '' })
    expect(ok.success).toBe(true)
    expect(ok.data?.parties[0]).toEqual({ name: 'A', phone: '+77011234567', step: 1 })
    expect(ok.data?.deadline).toBeUndefined()
    const none = ZCreateSigningRequestSchema.safeParse({ parties: [{ name: 'A', email: '', phone: '', step: 1 }] })
    expect(none.error?.issues.map((i) => i.path.join('.'))).toEqual(['parties.0.email'])
    const badIds = ZCreateSigningRequestSchema.safeParse({ parties: [{ name: 'A', email: 'a@b.kz', iin: '123456789012', bin: '123', step: 1 }] })
    expect(badIds.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['parties.0.bin', 'parties.0.iin'])
    expect(ZCreateSigningRequestSchema.safeParse({ parties: [] }).success).toBe(false)
  })
})
