import { describe, expect, it } from 'vitest'
import { ZTemplateBodySchema } from '../../shared/template-body'
import { editorJsonToBody, bodyToEditorJson } from '../../layers/constructor/utils/template-editor-json'
import { leaseBody } from '../helpers/lease-template'

// What TipTap's getJSON() adds to a body (every attribute's default, marks and nodes the
// template format does not have) is dropped before the editor saves; the round trip through a
// real TipTap editor is in test/e2e/constructor-editor.spec.ts (TipTap needs a DOM).
describe('editorJsonToBody', () => {
  it('drops TipTap defaults and unknown marks and nodes, keeps what the format says', () => {
    const fromTipTap = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, textAlign: null }, content: [{ type: 'text', text: 'Title', marks: [{ type: 'bold' }, { type: 'strike' }] }] },
        { type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'field', attrs: { key: 'party.name', format: null, lang: null } }, { type: 'hardBreak' }] },
        { type: 'paragraph', attrs: { textAlign: null } },
        { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', attrs: { condition: null }, content: [{ type: 'paragraph', attrs: { textAlign: null }, content: [{ type: 'text', text: 'a' }] }] }] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              attrs: { repeat: 'items', condition: null },
              content: [{ type: 'tableCell', attrs: { colspan: 2, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'field', attrs: { key: '$n', format: 'figures', lang: 'kk' } }] }] }],
            },
          ],
        },
        { type: 'clause', attrs: { condition: { key: 'x', op: 'isEmpty' } }, content: [{ type: 'paragraph' }] },
        { type: 'blockquote', content: [{ type: 'paragraph' }] },
      ],
    }
    const body = editorJsonToBody(fromTipTap)
    expect(body).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title', marks: [{ type: 'bold' }] }] },
        { type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'field', attrs: { key: 'party.name' } }, { type: 'hardBreak' }] },
        { type: 'paragraph' },
        { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] }] },
        { type: 'table', content: [{ type: 'tableRow', attrs: { repeat: 'items' }, content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [{ type: 'paragraph', content: [{ type: 'field', attrs: { key: '$n', format: 'figures', lang: 'kk' } }] }] }] }] },
        { type: 'clause', attrs: { condition: { key: 'x', op: 'isEmpty' } }, content: [{ type: 'paragraph' }] },
      ],
    })
    expect(ZTemplateBodySchema.safeParse(body).success).toBe(true)
  })

  it('is the identity on a body already in the format (the lease template)', () => {
    expect(editorJsonToBody(leaseBody)).toEqual(leaseBody)
  })

  it('gives TipTap one paragraph for an empty body', () => {
    expect(bodyToEditorJson({ type: 'doc', content: [] })).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
  })
})
