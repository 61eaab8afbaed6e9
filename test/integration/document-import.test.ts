import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderDocx } from '../../server/domains/document'
import { useDb } from '../../server/lib/db'
import { DOCX_IMPORT_MAX_BYTES } from '../../shared/document-import'
import { ZTemplateBodySchema, type TBlock, type TTemplateBody } from '../../shared/template-body'
import { activeUser, call, setupAuthTest, uniqueIp } from '../helpers/auth'
import { leaseBody, leaseQuestionnaire } from '../helpers/lease-template'

/**
 * POST /api/document/templates/:id/import-docx: a .docx our own renderer made (heading, bold,
 * a numbered list, a table, alignment) comes back as a body the constructor accepts, with those
 * in it; anything but a .docx is 415, an oversize body 413, a plain user 403.
 */
let base: string
let teardown: () => Promise<void>
let lawyer: string
let person: string
let templateId: string

beforeAll(async () => {
  const setup = await setupAuthTest('doc_import', 'kz', ['auth', 'document'])
  teardown = setup.teardown
  base = setup.app.url
  const u = await activeUser(base)
  await useDb().user.update({ where: { id: u.userId }, data: { roles: ['user', 'lawyer'] } })
  lawyer = (await call(base, 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: uniqueIp() })).body.accessToken
  person = (await activeUser(base)).accessToken
  const created = await call(base, 'POST', '/api/document/templates', {
    token: lawyer,
    body: { title: { ru: 'Импорт', kk: 'Импорт' }, bilingual: false, body: leaseBody, questionnaire: leaseQuestionnaire },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  templateId = created.body.id
}, 30_000)

afterAll(async () => {
  await teardown?.()
})

async function upload(file: Buffer, opts: { token?: string; name?: string; field?: string } = {}) {
  const form = new FormData()
  form.append(opts.field ?? 'file', new Blob([new Uint8Array(file)]), opts.name ?? 'contract.docx')
  const res = await fetch(`${base}/api/document/templates/${templateId}/import-docx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token ?? lawyer}` },
    body: form,
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const source: TTemplateBody = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1, textAlign: 'center' }, content: [{ type: 'text', text: 'Договор поставки' }] },
    {
      type: 'paragraph',
      attrs: { textAlign: 'justify' },
      content: [
        { type: 'text', text: 'Поставщик ' },
        { type: 'text', text: 'обязуется', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' передать товар' },
        { type: 'hardBreak' },
        { type: 'text', text: 'в срок', marks: [{ type: 'italic' }] },
      ],
    },
    {
      type: 'orderedList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Первый пункт' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Второй пункт' }] }] },
      ],
    },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Товар' }] }] }, { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Цена' }] }] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Стол' }] }] }, { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: '100' }] }] }] },
      ],
    },
  ],
}

const find = (blocks: TBlock[], type: string): TBlock[] =>
  blocks.flatMap((b) => [...(b.type === type ? [b] : []), ...('content' in b && Array.isArray(b.content) ? find(b.content.filter((c): c is TBlock => 'type' in c && c.type !== 'text'), type) : [])])
const textOf = (node: unknown): string =>
  node && typeof node === 'object' ? ('text' in node ? String(node.text) : 'content' in node && Array.isArray(node.content) ? node.content.map(textOf).join('') : '') : ''

describe('import a .docx into the template editor', () => {
  it('a .docx with a heading, bold text, a numbered list and a table comes back as a valid body with those', async () => {
    const docx = renderDocx(source, {}, { lang: 'ru' })
    const r = await upload(docx)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const body = ZTemplateBodySchema.parse(r.body.body)
    expect(r.body.warnings).toEqual([])

    const heading = find(body.content, 'heading')[0]
    expect(heading).toMatchObject({ type: 'heading', attrs: { level: 1, textAlign: 'center' } })
    expect(textOf(heading)).toBe('Договор поставки')

    const para = body.content.find((b) => b.type === 'paragraph' && textOf(b).includes('Поставщик'))!
    expect(para).toMatchObject({ attrs: { textAlign: 'justify' } })
    expect(para.type === 'paragraph' && para.content).toEqual([
      { type: 'text', text: 'Поставщик ' },
      { type: 'text', text: 'обязуется', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' передать товар' },
      { type: 'hardBreak' },
      { type: 'text', text: 'в срок', marks: [{ type: 'italic' }] },
    ])

    const list = find(body.content, 'orderedList')[0]!
    expect(list.type === 'orderedList' && list.content.map(textOf)).toEqual(['Первый пункт', 'Второй пункт'])

    const table = find(body.content, 'table')[0]!
    expect(table.type === 'table' && table.content.map((row) => row.content.map(textOf))).toEqual([
      ['Товар', 'Цена'],
      ['Стол', '100'],
    ])
    // Not saved: the draft is as it was.
    const t = await call(base, 'GET', `/api/document/templates/${templateId}`, { token: lawyer })
    expect(t.body.body).toEqual(leaseBody)
  })

  it('an image is dropped with a warning', async () => {
    const zip = new PizZip(renderDocx(source, {}, { lang: 'ru' }))
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    zip.file('word/media/image1.png', png)
    const rels = zip.file('word/_rels/document.xml.rels')!.asText()
    zip.file('word/_rels/document.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdImg1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>'))
    const drawing =
      '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="Picture 1"/>' +
      '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
      '<pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdImg1"/></pic:blipFill>' +
      '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t>Подпись</w:t></w:r></w:p>'
    const xml = zip.file('word/document.xml')!.asText()
    zip.file('word/document.xml', xml.replace('<w:body>', `<w:body>${drawing}`))
    const r = await upload(zip.generate({ type: 'nodebuffer' }))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.warnings).toContain('images_dropped')
    expect(textOf(r.body.body)).toContain('Подпись')
  })

  it('anything but a .docx is 415 with a clear message', async () => {
    const pdf = await upload(Buffer.from('%PDF-1.7\n1 0 obj\n'), { name: 'contract.docx' })
    expect(pdf.status).toBe(415)
    expect(pdf.body.error.messageKey).toBe('errors.document.import_not_docx')
    expect(pdf.body.error.message).toMatch(/not a Word document/)
    // A zip that is not a Word document.
    const zip = new PizZip()
    zip.file('hello.txt', 'hi')
    const other = await upload(zip.generate({ type: 'nodebuffer' }))
    expect(other.status).toBe(415)
    expect(other.body.error.message).toMatch(/word\/document\.xml/)
    // "PK" and then nothing a zip reader can open.
    expect((await upload(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]))).status).toBe(415)
    // Not a form at all.
    const json = await call(base, 'POST', `/api/document/templates/${templateId}/import-docx`, { token: lawyer, body: { file: 'x' } })
    expect(json.status).toBe(415)
  })

  it('an oversize body is 413, a form without the file 400', async () => {
    const big = await upload(Buffer.alloc(DOCX_IMPORT_MAX_BYTES + 1024, 0x50))
    expect(big.status).toBe(413)
    const none = await upload(Buffer.from('x'), { field: 'other' })
    expect(none.status).toBe(400)
    expect(none.body.error.messageKey).toBe('errors.document.import_no_file')
  })

  it('a plain user is refused (403), a lawyer without access to the template sees 404', async () => {
    const docx = renderDocx(source, {}, { lang: 'ru' })
    expect((await upload(docx, { token: person })).status).toBe(403)
    const res = await fetch(`${base}/api/document/templates/00000000-0000-4000-8000-000000000000/import-docx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lawyer}` },
      body: (() => {
        const f = new FormData()
        f.append('file', new Blob([new Uint8Array(docx)]), 'a.docx')
        return f
      })(),
    })
    expect(res.status).toBe(404)
  })
})
