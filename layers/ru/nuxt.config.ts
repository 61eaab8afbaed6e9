import type { TRegionConfig } from '../../types/region'
import { regionLayer } from '../region-layer'
import { REGION_LOCALES } from '../../shared/locales'

// Russia: dogovor24.ru, Russian by default plus English, roubles, INN/OGRN.
// No payment or signature provider is contracted for this region yet.
const region: TRegionConfig = {
  code: 'ru',
  brand: 'Dogovor24',
  domain: 'dogovor24.ru',
  currency: { code: 'RUB', symbol: '₽' },
  legalIds: [
    { code: 'inn', label: 'ИНН', holder: 'company', pattern: '^\\d{10}$' },
    { code: 'inn', label: 'ИНН', holder: 'person', pattern: '^\\d{12}$' },
    { code: 'ogrn', label: 'ОГРН', holder: 'company', pattern: '^\\d{13}$' },
    { code: 'ogrnip', label: 'ОГРНИП', holder: 'entrepreneur', pattern: '^\\d{15}$' },
  ],
  payment: null,
  signature: null,
}

export default defineNuxtConfig(
  regionLayer('ru', {
    appConfig: { region },
    i18n: {
      restructureDir: '.',
      langDir: '../../locales',
      defaultLocale: 'ru',
      locales: [...REGION_LOCALES.ru],
    },
  }),
)
