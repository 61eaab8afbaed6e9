import type { TRegionCode } from '../../../../shared/locales'
import { Writer, type TSeedTemplate } from './dsl'
import { employmentTemplate } from './employment'
import { leaseTemplate } from './lease'
import { powerOfAttorneyTemplate } from './power-of-attorney'
import { receiptTemplate } from './receipt'
import { servicesTemplate } from './services'

export type { TSeedTemplate } from './dsl'

/**
 * The five demo templates of a region (our own texts): kz bilingual ru/kk with tenge and
 * IIN/BIN, ru Russian only with roubles and INN/OGRN. Seeded by seed-templates.ts through the
 * constructor's use cases; tests render them with their `sampleAnswers`.
 */
export function demoTemplates(region: TRegionCode): TSeedTemplate[] {
  const w = new Writer(region)
  return [employmentTemplate(w), leaseTemplate(w), servicesTemplate(w), powerOfAttorneyTemplate(w), receiptTemplate(w)]
}
