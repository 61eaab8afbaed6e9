/**
 * The name a generated document is stored and downloaded under: its title and date,
 * «Договор аренды 2026-12-02.pdf». Cyrillic and Kazakh letters stay (people recognise their
 * documents by them; the download route sends the name RFC 5987-encoded); what file systems
 * and headers refuse goes: path separators, reserved characters, control characters, leading
 * dots, trailing dots and spaces. Bounded, so the name with its extension fits everywhere.
 */

const UNSAFE = /[\\/:*?"<>|\p{Cc}\p{Cf}\u2028\u2029]+/gu
const MAX_TITLE = 100

export function documentFileName(title: string, date: string, ext: 'docx' | 'pdf'): string {
  const clean = title.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^[.\s]+|[.\s]+$/g, '')
  // Cut by code points, not UTF-16 units, so no surrogate pair is split.
  const short = Array.from(clean).slice(0, MAX_TITLE).join('').trim()
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : ''
  const base = [short || 'document', day].filter(Boolean).join(' ')
  return `${base}.${ext}`
}

/** An ASCII fallback for the `filename=` parameter old clients read: non-ASCII letters become «_». */
export function asciiFileName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
}
