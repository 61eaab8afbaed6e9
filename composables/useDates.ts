import { formatDate, REGION_TIME_ZONES, type TDateStyle } from '#shared/dates'

/**
 * The page's date formatter: shared/dates.ts bound to the page's language and the
 * region's time zone, so the server and the browser print the same text.
 */
export function useDates() {
  const { locale } = useI18n()
  const { region } = useRegion()
  const timeZone = REGION_TIME_ZONES[region.code]
  const format = (value: string | number | Date, style: TDateStyle = 'date') => formatDate(value, locale.value, timeZone, style)
  return {
    timeZone,
    format,
    date: (v: string | number | Date) => format(v, 'date'),
    dateTime: (v: string | number | Date) => format(v, 'datetime'),
    dateTimeSeconds: (v: string | number | Date) => format(v, 'datetimeSeconds'),
    long: (v: string | number | Date) => format(v, 'long'),
  }
}
