/**
 * What the document domain's refusals say, in ru, kk and en: the API answers the key
 * (`errors.document.<reason>`) and these texts are what pages show for it (the runner and
 * editor pages put them in locales/ under `errors.document`, or call documentErrorText).
 * Field errors of answers carry their own text from questionnaire-messages.ts.
 */
export const DOCUMENT_ERROR_TEXTS = {
  template_not_found: { ru: 'Шаблон не найден', kk: 'Үлгі табылмады', en: 'Template not found' },
  version_not_found: { ru: 'Версия шаблона не найдена', kk: 'Үлгі нұсқасы табылмады', en: 'Template version not found' },
  filling_not_found: { ru: 'Анкета не найдена', kk: 'Сауалнама табылмады', en: 'Questionnaire not found' },
  answer_set_not_found: { ru: 'Сохранённые данные не найдены', kk: 'Сақталған деректер табылмады', en: 'Saved details not found' },
  document_not_found: { ru: 'Документ не найден', kk: 'Құжат табылмады', en: 'Document not found' },
  template_problems: {
    ru: 'Шаблон нельзя опубликовать: исправьте отмеченные ошибки',
    kk: 'Үлгіні жариялау мүмкін емес: белгіленген қателерді түзетіңіз',
    en: 'The template cannot be published: fix the marked problems',
  },
  answers_invalid: { ru: 'Некоторые ответы заполнены неверно', kk: 'Кейбір жауаптар қате толтырылған', en: 'Some answers are not valid' },
  answers_incomplete: {
    ru: 'Заполните обязательные поля и исправьте ошибки',
    kk: 'Міндетті өрістерді толтырып, қателерді түзетіңіз',
    en: 'Fill in the required fields and fix the errors',
  },
  answer_set_invalid: { ru: 'Некоторые данные заполнены неверно', kk: 'Кейбір деректер қате толтырылған', en: 'Some details are not valid' },
  answer_set_mismatch: {
    ru: 'Эти данные не подходят к этому вопросу',
    kk: 'Бұл деректер осы сұраққа сәйкес келмейді',
    en: 'These details do not fit this question',
  },
  filling_complete: {
    ru: 'Анкета уже завершена: начните новую, чтобы изменить ответы',
    kk: 'Сауалнама аяқталған: жауаптарды өзгерту үшін жаңасын бастаңыз',
    en: 'The questionnaire is complete: start a new one to change the answers',
  },
  filling_not_complete: { ru: 'Сначала завершите анкету', kk: 'Алдымен сауалнаманы аяқтаңыз', en: 'Complete the questionnaire first' },
  document_not_ready: { ru: 'Документ ещё не готов', kk: 'Құжат әлі дайын емес', en: 'The document is not ready yet' },
  payment_required: {
    ru: 'Этот документ платный: оплатите его, чтобы скачать',
    kk: 'Бұл құжат ақылы: жүктеп алу үшін оны төлеңіз',
    en: 'This document is paid: pay for it to download',
  },
  import_not_docx: {
    ru: 'Это не документ Word (.docx). Сохраните файл в формате .docx и загрузите снова',
    kk: 'Бұл Word құжаты (.docx) емес. Файлды .docx пішімінде сақтап, қайта жүктеңіз',
    en: 'This is not a Word document (.docx). Save the file as .docx and upload it again',
  },
  import_too_large: { ru: 'Файл слишком большой: не больше 5 МБ', kk: 'Файл тым үлкен: 5 МБ-тан аспауы керек', en: 'The file is too large: 5 MB at most' },
  import_no_file: { ru: 'Выберите файл .docx', kk: '.docx файлын таңдаңыз', en: 'Choose a .docx file' },
  import_unreadable: {
    ru: 'Не удалось прочитать документ Word: файл повреждён или защищён',
    kk: 'Word құжатын оқу мүмкін болмады: файл бүлінген немесе қорғалған',
    en: 'The Word document could not be read: the file is damaged or protected',
  },
  import_too_complex: {
    ru: 'Документ слишком большой или сложный для конструктора',
    kk: 'Құжат конструктор үшін тым үлкен немесе күрделі',
    en: 'The document is too large or complex for the constructor',
  },
} as const

export type TDocumentErrorReason = keyof typeof DOCUMENT_ERROR_TEXTS

export function documentErrorText(reason: TDocumentErrorReason, locale: string): string {
  const t = DOCUMENT_ERROR_TEXTS[reason]
  return locale === 'kk' ? t.kk : locale === 'en' ? t.en : t.ru
}
