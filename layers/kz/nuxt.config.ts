import type { TRegionConfig } from '../../types/region'
import { regionLayer } from '../region-layer'
import { REGION_LOCALES } from '../../shared/locales'

// Kazakhstan: dogovor24.kz, Russian by default plus Kazakh and English,
// tenge, IIN/BIN, Halyk Epay payments, NCALayer signatures.
const region: TRegionConfig = {
  code: 'kz',
  brand: 'Dogovor24',
  domain: 'dogovor24.kz',
  currency: { code: 'KZT', symbol: '₸' },
  legalIds: [
    { code: 'iin', label: 'ИИН', holder: 'person', pattern: '^\\d{12}$' },
    { code: 'bin', label: 'БИН', holder: 'company', pattern: '^\\d{12}$' },
  ],
  payment: { provider: 'epay', name: 'Halyk Epay' },
  signature: { provider: 'ncalayer', name: 'NCALayer, eGov mobile' },
}

export default defineNuxtConfig(
  regionLayer('kz', {
    appConfig: { region },
    i18n: {
      // Message files are shared by both regions and live in the root locales/;
      // this layer only decides which of them the kz build ships.
      restructureDir: '.',
      langDir: '../../locales',
      defaultLocale: 'ru',
      locales: [...REGION_LOCALES.kz],
    },
  }),
)
