import { Node, mergeAttributes } from '@tiptap/core'
import { VueNodeViewRenderer } from '@tiptap/vue-3'
import StarterKit from '@tiptap/starter-kit'
import { TableKit, TableRow } from '@tiptap/extension-table'
import { ListItem } from '@tiptap/extension-list'
import TextAlign from '@tiptap/extension-text-align'
import type { Component } from 'vue'

/**
 * The TipTap schema of a template body (shared/template-body.ts): StarterKit without the marks
 * and blocks contracts do not use, tables, alignment, and the constructor's own nodes. JSON
 * attributes (conditions) are kept as objects; the HTML attributes exist for copy and paste.
 */

const jsonAttr = (name: string) => ({
  default: null,
  parseHTML: (el: HTMLElement) => {
    const raw = el.getAttribute(`data-${name}`)
    if (!raw) return null
    try {
      return JSON.parse(raw)
    } catch {
      return null
    }
  },
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: JSON.stringify(attrs[name]) } : {}),
})
const textAttr = (name: string) => ({
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`) || null,
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: String(attrs[name]) } : {}),
})

export interface TNodeViews {
  field: Component
  clause: Component
  repeat: Component
}

export function templateExtensions(views?: TNodeViews) {
  const Field = Node.create({
    name: 'field',
    group: 'inline',
    inline: true,
    atom: true,
    selectable: true,
    draggable: true,
    addAttributes: () => ({ key: textAttr('key'), format: textAttr('format'), lang: textAttr('lang') }),
    parseHTML: () => [{ tag: 'span[data-field]' }],
    renderHTML: ({ HTMLAttributes, node }) => ['span', mergeAttributes(HTMLAttributes, { 'data-field': '' }), `{${node.attrs.key}}`],
    renderText: ({ node }) => `{${node.attrs.key}}`,
    ...(views ? { addNodeView: () => VueNodeViewRenderer(views.field) } : {}),
  })
  const Clause = Node.create({
    name: 'clause',
    group: 'block',
    content: 'block+',
    defining: true,
    addAttributes: () => ({ condition: jsonAttr('condition') }),
    parseHTML: () => [{ tag: 'div[data-clause]' }],
    renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-clause': '' }), 0],
    ...(views ? { addNodeView: () => VueNodeViewRenderer(views.clause) } : {}),
  })
  const Repeat = Node.create({
    name: 'repeat',
    group: 'block',
    content: 'block+',
    defining: true,
    addAttributes: () => ({ group: textAttr('group') }),
    parseHTML: () => [{ tag: 'div[data-repeat]' }],
    renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-repeat': '' }), 0],
    ...(views ? { addNodeView: () => VueNodeViewRenderer(views.repeat) } : {}),
  })
  const Bilingual = Node.create({
    name: 'bilingual',
    group: 'block',
    content: 'bilingualColumn{1,2}',
    defining: true,
    isolating: true,
    parseHTML: () => [{ tag: 'div[data-bilingual]' }],
    renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-bilingual': '', class: 'tpl-bilingual' }), 0],
  })
  const BilingualColumn = Node.create({
    name: 'bilingualColumn',
    content: 'block+',
    isolating: true,
    addAttributes: () => ({ lang: { default: 'ru', parseHTML: (el: HTMLElement) => el.getAttribute('data-lang') || 'ru', renderHTML: (a: Record<string, unknown>) => ({ 'data-lang': a.lang }) } }),
    parseHTML: () => [{ tag: 'div[data-bilingual-column]' }],
    renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-bilingual-column': '', class: 'tpl-bilingual-column' }), 0],
  })
  const ConditionalListItem = ListItem.extend({
    addAttributes() {
      return { ...this.parent?.(), condition: jsonAttr('condition') }
    },
  })
  const TemplateRow = TableRow.extend({
    addAttributes() {
      return { ...this.parent?.(), repeat: textAttr('repeat'), condition: jsonAttr('condition') }
    },
  })

  return [
    StarterKit.configure({
      blockquote: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      link: false,
      listItem: false,
      trailingNode: false,
      heading: { levels: [1, 2, 3] },
    }),
    ConditionalListItem,
    TableKit.configure({ table: { resizable: false }, tableRow: false }),
    TemplateRow,
    TextAlign.configure({ types: ['heading', 'paragraph'], alignments: ['left', 'center', 'right', 'justify'] }),
    Field,
    Clause,
    Repeat,
    Bilingual,
    BilingualColumn,
  ]
}
