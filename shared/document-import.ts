import { z } from 'zod'
import type { TTemplateBody } from './template-body'

/**
 * Importing a Word .docx into the template editor (POST /api/document/templates/:id/import-docx):
 * the limits, the answer, and what its warnings say. The editor shows the warnings and
 * replaces its draft with `body` only after the lawyer confirms; nothing is saved by the route.
 */
export const DOCX_IMPORT_MAX_BYTES = 5 * 1024 * 1024
/** A zip's entries are inflated in memory: more than this altogether is refused (a zip bomb). */
export const DOCX_IMPORT_MAX_UNZIPPED_BYTES = 60 * 1024 * 1024

/** Each warning is one of these codes; pages show `docxImportWarningText(code, locale)`. */
export const DOCX_IMPORT_WARNINGS = {
  images_dropped: {
    ru: 'Изображения из файла не перенесены',
    kk: 'Файлдағы суреттер көшірілмеді',
    en: 'Images in the file were left out',
  },
  formatting_flattened: {
    ru: 'Часть оформления (ссылки, сноски, зачёркивание, цвета) перенесена как обычный текст',
    kk: 'Безендірудің бір бөлігі (сілтемелер, ескертпелер, сызылған мәтін, түстер) қарапайым мәтін ретінде көшірілді',
    en: 'Some formatting (links, footnotes, strikethrough, colours) came over as plain text',
  },
  merged_cells_split: {
    ru: 'Объединённые по вертикали ячейки таблиц разделены',
    kk: 'Кестелердің тігінен біріктірілген ұяшықтары бөлінді',
    en: 'Vertically merged table cells were split',
  },
  headings_lowered: {
    ru: 'Заголовки ниже третьего уровня стали заголовками третьего уровня',
    kk: 'Үшінші деңгейден төмен тақырыптар үшінші деңгейлі тақырып болды',
    en: 'Headings below level 3 became level 3 headings',
  },
  word_messages: {
    ru: 'Word-файл содержит элементы, которые конструктор не поддерживает; проверьте результат',
    kk: 'Word файлында конструктор қолдамайтын элементтер бар; нәтижені тексеріңіз',
    en: 'The Word file has parts the constructor does not support; check the result',
  },
  empty: {
    ru: 'В документе не найден текст',
    kk: 'Құжатта мәтін табылмады',
    en: 'No text was found in the document',
  },
} as const
export type TDocxImportWarning = keyof typeof DOCX_IMPORT_WARNINGS
export const DOCX_IMPORT_WARNING_CODES = Object.keys(DOCX_IMPORT_WARNINGS) as [TDocxImportWarning, ...TDocxImportWarning[]]

export function docxImportWarningText(code: string, locale: string): string {
  const t = (DOCX_IMPORT_WARNINGS as Record<string, { ru: string; kk: string; en: string }>)[code]
  if (!t) return code
  return locale === 'kk' ? t.kk : locale === 'en' ? t.en : t.ru
}

export const ZDocxImportResultSchema = z.object({
  /** A template body (ZTemplateBodySchema; the domain parses it before answering). Recursive, so left open in the contract like the template views. */
  body: z.unknown().describe('A template body (shared/template-body.ts)'),
  /** Codes of DOCX_IMPORT_WARNINGS, each at most once. */
  warnings: z.array(z.enum(DOCX_IMPORT_WARNING_CODES)),
})
export type TDocxImportResult = Omit<z.infer<typeof ZDocxImportResultSchema>, 'body'> & { body: TTemplateBody }
