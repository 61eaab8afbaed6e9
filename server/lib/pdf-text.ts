import { readFile } from 'node:fs/promises'
import fontkit from '@pdf-lib/fontkit'
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib'
import type { AppError } from './errors'
import { useLogger } from './log'

/**
 * Text in the PDFs the server prints (receipts, signature sheets) in Russian, Kazakh and
 * English. The font: Liberation Sans (Debian's fonts-liberation2, which scripts/lib/env.mjs
 * and the LibreOffice image install) has Cyrillic and every Kazakh letter (ә ғ қ ң ө ұ ү һ і)
 * but no tenge sign ₸: that one glyph is drawn with DejaVu Sans when the machine has it.
 */

const log = useLogger('pdf-text')

/** Where Debian puts Liberation Sans (fonts-liberation2; the older fonts-liberation too). */
export const PDF_FONT_DIRS = ['/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation']
const REGULAR = 'LiberationSans-Regular.ttf'
const BOLD = 'LiberationSans-Bold.ttf'
/** Glyphs Liberation lacks (₸), when one of these exists (fonts-dejavu-core). */
const SYMBOL_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf']

export interface TFontFiles {
  regular: Uint8Array
  bold: Uint8Array
  symbols: Uint8Array | null
}

async function firstReadable(paths: string[]): Promise<Uint8Array | null> {
  for (const p of paths) {
    try {
      return await readFile(p)
    } catch {
      // the next one
    }
  }
  return null
}

let fontFiles: Promise<TFontFiles> | undefined
/**
 * The font files, read once per process; a failed read is tried again next time. Without
 * Liberation Sans it throws `unavailable()` (the caller's 503 with its own words).
 */
export function pdfFonts(unavailable: () => AppError, dirs: string[] = PDF_FONT_DIRS): Promise<TFontFiles> {
  if (dirs !== PDF_FONT_DIRS) return readFonts(dirs, unavailable)
  fontFiles ??= readFonts(dirs, unavailable).catch((e: unknown) => {
    fontFiles = undefined
    throw e
  })
  return fontFiles
}

async function readFonts(dirs: string[], unavailable: () => AppError): Promise<TFontFiles> {
  const regular = await firstReadable(dirs.map((d) => `${d}/${REGULAR}`))
  if (!regular) {
    log.error('PDF font missing', { looked: dirs.map((d) => `${d}/${REGULAR}`) })
    throw unavailable()
  }
  const bold = (await firstReadable(dirs.map((d) => `${d}/${BOLD}`))) ?? regular
  return { regular, bold, symbols: await firstReadable(SYMBOL_FONTS) }
}

/** The fonts embedded (subset) in `doc`, and a Writer that falls back to the symbols font. */
export async function embedPdfFonts(doc: PDFDocument, files: TFontFiles): Promise<{ regular: PDFFont; bold: PDFFont; w: Writer }> {
  doc.registerFontkit(fontkit)
  const regular = await doc.embedFont(files.regular, { subset: true })
  const bold = files.bold === files.regular ? regular : await doc.embedFont(files.bold, { subset: true })
  const symbols = files.symbols ? await doc.embedFont(files.symbols, { subset: true }) : null
  return { regular, bold, w: new Writer(symbols, [regular, bold]) }
}

/** Draws, measures and wraps text, each glyph in the first font that has it. */
export class Writer {
  private readonly has = new Map<PDFFont, Set<number>>()
  constructor(
    private readonly fallback: PDFFont | null,
    fonts: PDFFont[],
  ) {
    for (const f of [...fonts, ...(fallback ? [fallback] : [])]) this.has.set(f, new Set(f.getCharacterSet()))
  }

  canDraw(text: string, font: PDFFont): boolean {
    return [...text].every((ch) => /\s/.test(ch) || this.has.get(font)!.has(ch.codePointAt(0)!) || (this.fallback && this.has.get(this.fallback)!.has(ch.codePointAt(0)!)))
  }

  /** The text as runs of one font each. */
  private runs(text: string, font: PDFFont): { text: string; font: PDFFont }[] {
    const out: { text: string; font: PDFFont }[] = []
    for (const ch of text) {
      const cp = ch.codePointAt(0)!
      const f = this.has.get(font)!.has(cp) || !this.fallback || !this.has.get(this.fallback)!.has(cp) ? font : this.fallback
      const last = out[out.length - 1]
      if (last && last.font === f) last.text += ch
      else out.push({ text: ch, font: f })
    }
    return out
  }

  width(text: string, font: PDFFont, size: number): number {
    return this.runs(text, font).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0)
  }

  draw(page: PDFPage, text: string, x: number, y: number, font: PDFFont, size: number, gray = 0): void {
    let at = x
    for (const r of this.runs(text, font)) {
      page.drawText(r.text, { x: at, y, size, font: r.font, color: rgb(gray, gray, gray) })
      at += r.font.widthOfTextAtSize(r.text, size)
    }
  }

  /** Words laid into lines no wider than `max`; a word longer than a line is cut. */
  wrap(text: string, font: PDFFont, size: number, max: number): string[] {
    const lines: string[] = []
    let line = ''
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word
      if (this.width(next, font, size) <= max) {
        line = next
        continue
      }
      if (line) lines.push(line)
      line = ''
      let rest = word
      while (this.width(rest, font, size) > max) {
        let cut = rest.length - 1
        while (cut > 1 && this.width(rest.slice(0, cut), font, size) > max) cut--
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
    }
    if (line) lines.push(line)
    return lines.length ? lines : ['']
  }
}
