/**
 * The texts of validation errors, by code, in the three site languages. They live here rather
 * than in locales/*.json because the server answers them too (a field error carries its key
 * and its text) and both sides must print the same words; `{min}`-style holes take params.
 */
export const VALIDATION_CODES = [
  'required',
  'type',
  'minLength',
  'maxLength',
  'pattern',
  'min',
  'max',
  'integer',
  'option',
  'minSelected',
  'maxSelected',
  'minCount',
  'maxCount',
  'date',
  'currency',
  'iin',
  'bin',
  'inn',
  'ogrn',
  'kpp',
  'iban',
  'bic',
  'bik',
  'account',
  'corrAccount',
  'fileId',
  'kind',
] as const
export type TValidationCode = (typeof VALIDATION_CODES)[number]

type TTexts = { ru: string; kk: string; en: string }
const MESSAGES: Record<TValidationCode, TTexts> = {
  required: { ru: 'Заполните это поле', kk: 'Осы өрісті толтырыңыз', en: 'Fill in this field' },
  type: { ru: 'Значение не подходит для этого поля', kk: 'Мән бұл өріске сәйкес келмейді', en: 'This value does not fit the field' },
  minLength: { ru: 'Не короче {min} символов', kk: 'Кемінде {min} таңба', en: 'At least {min} characters' },
  maxLength: { ru: 'Не длиннее {max} символов', kk: 'Ең көбі {max} таңба', en: 'At most {max} characters' },
  pattern: { ru: 'Значение не в нужном формате', kk: 'Мән қажетті пішімде емес', en: 'The value is not in the expected format' },
  min: { ru: 'Не меньше {min}', kk: 'Кемінде {min}', en: 'At least {min}' },
  max: { ru: 'Не больше {max}', kk: 'Ең көбі {max}', en: 'At most {max}' },
  integer: { ru: 'Введите целое число', kk: 'Бүтін сан енгізіңіз', en: 'Enter a whole number' },
  option: { ru: 'Выберите один из вариантов', kk: 'Нұсқалардың бірін таңдаңыз', en: 'Choose one of the options' },
  minSelected: { ru: 'Выберите не меньше {min}', kk: 'Кемінде {min} таңдаңыз', en: 'Choose at least {min}' },
  maxSelected: { ru: 'Выберите не больше {max}', kk: 'Ең көбі {max} таңдаңыз', en: 'Choose at most {max}' },
  minCount: { ru: 'Добавьте не меньше {min}', kk: 'Кемінде {min} қосыңыз', en: 'Add at least {min}' },
  maxCount: { ru: 'Не больше {max}', kk: 'Ең көбі {max}', en: 'At most {max}' },
  date: { ru: 'Введите дату', kk: 'Күнді енгізіңіз', en: 'Enter a date' },
  currency: { ru: 'Эта валюта здесь не принимается', kk: 'Бұл валюта мұнда қабылданбайды', en: 'This currency is not accepted here' },
  iin: { ru: 'ИИН неверен: проверьте 12 цифр', kk: 'ЖСН қате: 12 цифрды тексеріңіз', en: 'The IIN is not valid: check the 12 digits' },
  bin: { ru: 'БИН неверен: проверьте 12 цифр', kk: 'БСН қате: 12 цифрды тексеріңіз', en: 'The BIN is not valid: check the 12 digits' },
  inn: { ru: 'ИНН неверен: проверьте цифры', kk: 'ИНН қате: цифрларды тексеріңіз', en: 'The INN is not valid: check the digits' },
  ogrn: { ru: 'ОГРН неверен: проверьте цифры', kk: 'ОГРН қате: цифрларды тексеріңіз', en: 'The OGRN is not valid: check the digits' },
  kpp: { ru: 'КПП — 9 символов', kk: 'КПП — 9 таңба', en: 'A KPP has 9 characters' },
  iban: { ru: 'IBAN неверен: проверьте номер счёта', kk: 'IBAN қате: шот нөмірін тексеріңіз', en: 'The IBAN is not valid: check the account number' },
  bic: { ru: 'БИК (SWIFT) неверен', kk: 'БСК (SWIFT) қате', en: 'The BIC (SWIFT) is not valid' },
  bik: { ru: 'БИК неверен: 9 цифр, начинается с 04', kk: 'БИК қате: 9 цифр, 04-тен басталады', en: 'The BIK is not valid: 9 digits starting with 04' },
  account: { ru: 'Расчётный счёт не сходится с БИК', kk: 'Есеп шоты БИК-пен сәйкес емес', en: 'The account does not match the BIK' },
  corrAccount: { ru: 'Корреспондентский счёт не сходится с БИК', kk: 'Корреспонденттік шот БИК-пен сәйкес емес', en: 'The correspondent account does not match the BIK' },
  fileId: { ru: 'Загрузите файл', kk: 'Файлды жүктеңіз', en: 'Upload a file' },
  kind: { ru: 'Выберите: физическое лицо или организация', kk: 'Таңдаңыз: жеке тұлға немесе ұйым', en: 'Choose a person or a company' },
}

/** The i18n key of a code, for pages that keep their own texts. */
export const validationMessageKey = (code: TValidationCode) => `questionnaire.errors.${code}`

export function validationText(code: TValidationCode, locale: string, params: Readonly<Record<string, string | number>> = {}): string {
  const texts = MESSAGES[code]
  const template = locale === 'kk' ? texts.kk : locale === 'en' ? texts.en : texts.ru
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m))
}
