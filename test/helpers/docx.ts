import PizZip from 'pizzip'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * A minimal Word document (the parts Word and LibreOffice need) with one paragraph per
 * string; `pageBreakEvery` starts a new page after that many paragraphs, to make the
 * multi-page documents the converter benchmark and tests use.
 */
export function makeDocx(paragraphs: readonly string[], opts: { pageBreakEvery?: number; font?: string } = {}): Buffer {
  const font = opts.font ?? 'Times New Roman'
  const body = paragraphs
    .map((text, i) => {
      const br = opts.pageBreakEvery && i > 0 && i % opts.pageBreakEvery === 0 ? '<w:r><w:br w:type="page"/></w:r>' : ''
      return `<w:p>${br}<w:r><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:cs="${font}"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`
    })
    .join('')
  const zip = new PizZip()
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  )
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  )
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  )
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** Four pages of a bilingual (ru/kk) contract-like text, numbered so each document differs. */
export function sampleContract(n: number): Buffer {
  const paragraphs: string[] = []
  for (let i = 1; i <= 24; i++) {
    paragraphs.push(
      `${i}. Договор № ${n}-${i}: Арендодатель передаёт Арендатору во временное владение и пользование нежилое помещение, а Арендатор обязуется вносить арендную плату в размере 120 000 (сто двадцать тысяч) тенге 00 тиын ежемесячно.`,
      `${i}. Шарт № ${n}-${i}: Жалға беруші Жалға алушыға тұрғын емес үй-жайды уақытша иелену мен пайдалануға береді, ал Жалға алушы ай сайын жүз жиырма мың теңге жалдау ақысын төлеуге міндеттенеді (ә ғ қ ң ө ұ ү һ і).`,
    )
  }
  return makeDocx(paragraphs, { pageBreakEvery: 12 })
}
