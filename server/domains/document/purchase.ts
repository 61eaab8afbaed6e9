import { useDb } from '../../lib/db'
import { localized, type TLocalizedText } from '../../../shared/questionnaire'
import { ownFilling } from './filling-access'

export interface TFillingPurchase {
  fillingId: string
  title: string
  /** The price frozen in the filling's template version; 0 = free. */
  priceMinor: number
  currency: string | null
}

/**
 * What billing needs to sell a filling's download: its price and a title for the order
 * line and the receipt. Only the filling's own person may buy it (another's is not found).
 */
export async function fillingPurchase(userId: string, fillingId: string, locale = 'ru'): Promise<TFillingPurchase> {
  const f = await ownFilling(useDb(), userId, fillingId)
  return {
    fillingId: f.id,
    title: localized(f.version.title as TLocalizedText, locale),
    priceMinor: f.version.priceMinor,
    currency: f.version.currency,
  }
}
