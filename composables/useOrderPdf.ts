/** An order's PDF (its receipt or its company invoice), downloaded with the API client (useBlobDownload). */
export function useOrderPdf() {
  const { t, locale } = useI18n()
  const blob = useBlobDownload()

  const href = (id: string, kind: 'receipt' | 'invoice') => `/api/billing/orders/${id}/${kind}?lang=${locale.value}`

  /** Downloads it; answers the error to show ('' when it worked). */
  function download(id: string, kind: 'receipt' | 'invoice'): Promise<string> {
    return blob.download(`/api/billing/orders/${id}/${kind}`, { lang: locale.value }, `${kind}-${id.slice(0, 8)}.pdf`, t('billing.receipt.failed'))
  }

  return { href, download }
}
