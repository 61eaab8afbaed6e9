import { z } from 'zod'

/** A header line may not break: CR or LF in a subject would let a caller add headers. */
const ZHeaderTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\r\n]*$/, 'must be one line')

export const ZSendEmailSchema = z
  .object({
    to: z.string().trim().max(254).pipe(z.email()),
    subject: ZHeaderTextSchema,
    text: z.string().max(1_000_000).optional(),
    html: z.string().max(2_000_000).optional(),
  })
  .refine((v) => Boolean(v.text || v.html), { message: 'text or html is required', path: ['text'] })

export type TSendEmailInput = z.input<typeof ZSendEmailSchema>
export type TSendEmail = z.output<typeof ZSendEmailSchema>

export interface TSendEmailResult {
  messageId: string
  /** What the receiving server answered (live only), e.g. `250 OK: queued as ...`. */
  response?: string
}
