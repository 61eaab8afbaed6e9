/**
 * A file the API answers as it is (a receipt, a signature sheet). The API takes a bearer
 * token, which a link's own navigation would not carry: the file is fetched with the API
 * client and handed to the browser as a download.
 */
export function useBlobDownload() {
  const api = useApi()
  const errorMessage = useApiErrorMessage()

  /** Downloads it under `fileName`; answers the error to show ('' when it worked, `failed` when the answer says nothing). */
  async function download(path: string, query: Record<string, string>, fileName: string, failed: string): Promise<string> {
    try {
      const file = (await api(path as '/api/billing/orders/{id}/receipt', { query: query as never, responseType: 'blob' })) as unknown as Blob
      const url = URL.createObjectURL(file)
      const a = document.createElement('a')
      a.href = url
      a.download = fileName
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
      return errorMessage(err) || failed
    }
  }

  return { download }
}
