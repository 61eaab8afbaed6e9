import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentFileName, renderDocx } from '../../server/domains/document'
import { findSoffice, INSTALL_HINT, stopConverter, useConverter } from '../../server/lib/office'
import { validateAnswers } from '../../shared/questionnaire-validate'
import { resolveValues } from '../../shared/questionnaire-values'
import { checkTemplate } from '../../shared/template-check'
import { KZ, leaseAnswers, leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

// The real LibreOffice through the warm converter the worker uses; one conversion for the file.
if (!findSoffice()) throw new Error(INSTALL_HINT)

const scratch = mkdtempSync(path.join(tmpdir(), 'd24-document-render-'))
afterAll(async () => {
  await stopConverter()
  rmSync(scratch, { recursive: true, force: true })
})

// A company landlord (its bank details clause shows), no deposit (its clause hides), VAT on,
// two items in the table, and a tenant whose name holds what XML and HTML must escape.
const answers = {
  ...leaseAnswers,
  landlord: { kind: 'company', company: { name: 'ТОО «Ромашка»', bin: KZ.bin, director: { last: 'Ахметов', first: 'Нурлан', middle: 'Серикович' }, basis: 'Устава' } },
  landlordBank: { bankName: 'АО «Kaspi Bank»', iban: KZ.iban, bic: KZ.bic },
  tenant: { kind: 'person', person: { last: 'Петрова <w:p/> & Ко\u0001', first: 'Анна', middle: 'Ивановна', iin: KZ.iin2 } },
}
const values = resolveValues(leaseQuestionnaire, answers, { region: 'kz' })

function docxText(docx: Buffer): { text: string; xml: string; zip: PizZip } {
  const zip = new PizZip(docx)
  const xml = zip.file('word/document.xml')!.asText()
  const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:p[ >/]/g)]
    .map((m) => (m[1] === undefined ? '\n' : m[1]))
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
  return { text, xml, zip }
}
// Collapses line breaks and spaces but keeps the no-break space figures are grouped with.
const squash = (s: string) => s.replace(/[^\S\u00a0]+/g, ' ')

describe('a bilingual lease from template to DOCX and PDF', () => {
  let docx: Buffer
  beforeAll(() => {
    docx = renderDocx(leaseBody, values, { lang: 'ru', questionnaire: leaseQuestionnaire, title: 'Договор аренды' })
  })

  it('the template passes the publishing checks and the answers pass validation (kz rules)', () => {
    expect(checkTemplate(leaseBody, leaseQuestionnaire, { bilingual: true })).toEqual([])
    const { errors } = validateAnswers(leaseQuestionnaire, answers, { locale: 'ru', region: 'kz' })
    // The tenant's odd name is allowed: names are free text (the control character is dropped on print).
    expect(errors).toEqual([])
  })

  it('the DOCX holds the filled values in both languages, the items table and totals in words; hidden clauses are absent', () => {
    const { text, xml, zip } = docxText(docx)
    const flat = squash(text)
    for (const expected of [
      'ДОГОВОР АРЕНДЫ НЕЖИЛОГО ПОМЕЩЕНИЯ',
      'ТҰРҒЫН ЕМЕС ҮЙ-ЖАЙДЫ ЖАЛҒА БЕРУ ШАРТЫ',
      'первое декабря две тысячи двадцать шестого года',
      '2026 жылғы 1 желтоқсан',
      'ТОО «Ромашка», именуемый в дальнейшем «Арендодатель», и Петрова <w:p/> & Ко Анна Ивановна',
      'Срок аренды: с 01.12.2026 по 31.12.2026.',
      'Арендная плата: 134\u00a0400,00 (сто тридцать четыре тысячи четыреста тенге 00 тиын), вносится ежемесячно.',
      'Жалдау ақысы: 134\u00a0400,00 (жүз отыз төрт мың төрт жүз теңге 00 тиын), ай сайын төленеді.',
      'В том числе НДС 12%: 14\u00a0400,00 тенге.',
      'Стол офисный',
      'Кресло',
      'Итого: сто восемьдесят тысяч тенге 00 тиын',
      'Барлығы: жүз сексен мың теңге 00 тиын',
      `IBAN: ${KZ.iban}, БИК: ${KZ.bic}`,
      'Обеспечительный платёж не предусмотрен.',
      'Кепілдік төлем көзделмеген.',
    ]) {
      expect(flat).toContain(expected)
    }
    expect(flat).not.toContain('вносит обеспечительный платёж')
    expect(flat).not.toContain('кепілдік төлем енгізеді')
    expect(xml).not.toContain('\u0001')
    // Two item rows between the header and the total: $n numbers them.
    expect(xml.match(/<w:tr>/g)).toHaveLength(4 + 4) // header, 2 items, total; 4 bilingual blocks
    expect(text).toMatch(/\n2\n+Кресло\n+3\n+30\u00a0000,00\n+90\u00a0000,00/)
    expect(zip.file('word/styles.xml')!.asText()).toContain('w:ascii="Times New Roman"')
    expect(zip.file('word/numbering.xml')!.asText()).toContain('<w:startOverride w:val="1"/>')
  })

  it('is deterministic: the same template and answers give the same bytes', () => {
    expect(renderDocx(leaseBody, structuredClone(values), { lang: 'ru', questionnaire: leaseQuestionnaire, title: 'Договор аренды' }).equals(docx)).toBe(true)
  })

  it('names the file after the title and the date, in safe characters', () => {
    expect(documentFileName('Договор аренды', '2026-12-02', 'docx')).toBe('Договор аренды 2026-12-02.docx')
    expect(documentFileName('../Шарт: "жалға" <беру>?\u0000', '2026-12-02', 'pdf')).toBe('Шарт жалға беру 2026-12-02.pdf')
    expect(documentFileName('...', 'not a date', 'pdf')).toBe('document.pdf')
    expect(documentFileName('а'.repeat(300), '2026-12-02', 'pdf')).toHaveLength(100 + ' 2026-12-02.pdf'.length)
  })

  it('LibreOffice opens it: the PDF text has the values in ru and kk, the hidden clause is not there', async () => {
    const converter = useConverter()
    await converter.start()
    const started = performance.now()
    const pdf = await converter.toPdf(docx)
    const ms = performance.now() - started
    const file = path.join(scratch, 'lease.pdf')
    writeFileSync(file, pdf)
    const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).replace(/\u00a0/g, ' ')
    console.info(`document-render: DOCX ${docx.length} bytes, PDF ${pdf.length} bytes, warm conversion ${ms.toFixed(0)} ms`)
    // pdftotext reads the two columns line by line, interleaved: only phrases that fit on one line are compared.
    for (const expected of ['ДОГОВОР АРЕНДЫ', 'Ромашка', 'Петрова <w:p/> & Ко', 'Стол офисный', '180 000,00', 'сто восемьдесят тысяч тенге 00', 'жүз сексен мың теңге 00 тиын', 'Кепілдік төлем көзделмеген', KZ.iban]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('вносит обеспечительный платёж')
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/LiberationSerif|TimesNewRoman/)
  })
})
