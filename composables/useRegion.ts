import type { TRegionConfig } from '~~/types/region'

/** The region the app was built for (layers/kz or layers/ru), plus money formatting in its currency. */
export function useRegion() {
  const region = useAppConfig().region as TRegionConfig
  const { locale } = useI18n()

  function formatMoney(amount: number): string {
    const tag = `${locale.value}-${region.code.toUpperCase()}`
    return new Intl.NumberFormat(tag, { style: 'currency', currency: region.currency.code, maximumFractionDigits: 0 }).format(
      amount,
    )
  }

  return { region, formatMoney }
}
