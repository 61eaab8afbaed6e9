/**
 * An order's PDF (its receipt or its company invoice). The API takes a bearer token, which
 * a link's own navigation would not carry: the file is fetched with the API client and
 * handed to the browser as a download; the link's href stays the file's address.
 */
export function useOrderPdf() {
  const api = useApi()
  const { t, locale } = useI18n()
  const errorMessage = useApiErrorMessage()

  const href = (id: string, kind: 'receipt' | 'invoice') => `/api/billing/orders/${id}/${kind}?lang=${locale.value}`

  /** Downloads it; answers the error to show ('' when it worked). */
  async function download(id: string, kind: 'receipt' | 'invoice'): Promise<string> {
    try {
      const file = (await api(`/api/billing/orders/${id}/${kind}` as `/api/billing/orders/${string}/receipt`, {
        query: { lang: locale.value as 'ru' | 'kk' | 'en' },
        responseType: 'blob',
      })) as unknown as Blob
      const url = URL.createObjectURL(file)
      const a = document.createElement('a')
      a.href = url
      a.download = `${kind}-${id.slice(0, 8)}.pdf`
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      return ''
    } catch (e) {
      // The error answer came as a Blob too (the request asked for one): read it as the JSON it is.
      let err: unknown = e
      const { data, statusCode } = e as { data?: unknown; statusCode?: number }
      if (data instanceof Blob) {
        let body: unknown = null
        try {
          body = JSON.parse(await data.text())
        } catch {
          // not our JSON error: the status decides the sentence
        }
        err = { statusCode, data: body }
      }
      return errorMessage(err) || t('billing.receipt.failed')
    }
  }

  return { href, download }
}
