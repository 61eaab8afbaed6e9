import { describe, expect, it } from 'vitest'
import { extensionOf, formatBytes, kindOfName, maskIin, ZEntryNameSchema } from '../../shared/explorer'
import { looksLikeText } from '../../server/domains/explorer/detect'

describe('explorer helpers shared by pages and routes', () => {
  it('formats sizes with our own unit names (server and browser render the same text)', () => {
    expect(formatBytes(59, 'kk')).toBe('59\u00a0Б')
    expect(formatBytes(1536, 'ru')).toBe('1,5\u00a0КБ')
    expect(formatBytes(50 * 1024 * 1024, 'en')).toBe('50\u00a0MB')
    expect(formatBytes(3 * 1024 ** 3, 'en')).toBe('3\u00a0GB')
  })

  it('masks an IIN to its first four and last two digits', () => {
    expect(maskIin('900101300128')).toBe('9001******28')
    expect(maskIin(null)).toBeNull()
  })

  it('knows kinds by extension, case-insensitively, and refuses what it does not store', () => {
    expect(kindOfName('Договор.PDF')).toBe('pdf')
    expect(kindOfName('scan.jpeg')).toBe('jpg')
    expect(kindOfName('old.doc')).toBe('cfb')
    expect(kindOfName('setup.exe')).toBeNull()
    expect(kindOfName('no-extension')).toBeNull()
    expect(extensionOf('a.tar.gz')).toBe('gz')
  })

  it('names: no slashes, control characters or dot names', () => {
    expect(ZEntryNameSchema.safeParse('Договоры 2026').success).toBe(true)
    expect(ZEntryNameSchema.safeParse('a/b').success).toBe(false)
    expect(ZEntryNameSchema.safeParse('a\\b').success).toBe(false)
    expect(ZEntryNameSchema.safeParse('..').success).toBe(false)
    expect(ZEntryNameSchema.safeParse('tab\there').success).toBe(false)
  })

  it('text is UTF-8 without control characters; a cut multi-byte character at the end is fine', () => {
    expect(looksLikeText(new TextEncoder().encode('Жалға алу шарты\r\n\tсумма'))).toBe(true)
    const cut = new TextEncoder().encode('ааааааааааа').subarray(0, 21)
    expect(looksLikeText(cut)).toBe(true)
    expect(looksLikeText(new Uint8Array([0x25, 0x50, 0x00, 0x01, 0x02, 0x41, 0x42, 0x43, 0x44, 0x45]))).toBe(false)
    expect(looksLikeText(new Uint8Array([0xff, 0xfe, 0xfd, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]))).toBe(false)
  })
})
