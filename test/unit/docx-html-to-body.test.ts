import { describe, expect, it } from 'vitest'
import { htmlToBody } from '../../server/domains/document/html-to-body'
import { ZTemplateBodySchema } from '../../shared/template-body'

// What the .docx import makes of mammoth's HTML: the constructor's nodes where they exist,
// text for the rest, and a warning for each kind of loss.
describe('htmlToBody', () => {
  it('nested lists, entities, marks in any order, and alignment classes', () => {
    const { body, warnings } = htmlToBody(
      '<p class="align-center"><em><strong>A &amp; B</strong></em> «x» &quot;y&quot; &#1040;&#x0411;</p>' +
        '<ul><li>one<ol><li>inner</li></ol></li><li><u>two</u></li></ul>',
    )
    expect(ZTemplateBodySchema.safeParse(body).success).toBe(true)
    expect(warnings).toEqual([])
    expect(body.content[0]).toEqual({
      type: 'paragraph',
      attrs: { textAlign: 'center' },
      content: [
        { type: 'text', text: 'A & B', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'text', text: ' «x» "y" АБ' },
      ],
    })
    expect(body.content[1]).toEqual({
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'one' }] },
            { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inner' }] }] }] },
          ],
        },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two', marks: [{ type: 'underline' }] }] }] },
      ],
    })
  })

  it('keeps the text of links, footnote marks and strikethrough, lowers deep headings, splits merged rows, drops images', () => {
    const { body, warnings } = htmlToBody(
      '<h5>Deep</h5><p><a href="http://x">link</a><sup><a href="#fn1">[1]</a></sup> <s>old</s><img src="" /></p>' +
        '<table><thead><tr><th colspan="2">Head</th></tr></thead><tbody><tr><td rowspan="2">a</td><td></td></tr></tbody></table>',
    )
    expect(ZTemplateBodySchema.safeParse(body).success).toBe(true)
    expect(warnings.sort()).toEqual(['formatting_flattened', 'headings_lowered', 'images_dropped', 'merged_cells_split'])
    expect(body.content[0]).toEqual({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Deep' }] })
    expect(body.content[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'link[1] old' }] })
    expect(body.content[2]).toEqual({
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 2 }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Head' }] }] }] },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] },
            { type: 'tableCell', content: [{ type: 'paragraph' }] },
          ],
        },
      ],
    })
  })

  it('an empty document is one empty paragraph and a warning', () => {
    expect(htmlToBody('')).toEqual({ body: { type: 'doc', content: [{ type: 'paragraph' }] }, warnings: ['empty'] })
  })
})
