/**
 * Sends a file as `multipart/form-data` to one of our upload routes with progress (fetch
 * cannot report upload progress; XMLHttpRequest can). Carries the bearer token like useApi,
 * refreshes it once on an expired token, and fails with the same shape as $fetch
 * (`statusCode`, `data.error`), so useApiErrorMessage explains it.
 */
export interface TUploadError extends Error {
  statusCode: number
  data: unknown
}

export function useUpload() {
  const { token } = useAuth()
  const { refresh } = useAuthRefresh()

  function send<T>(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: T | { error?: { params?: { reason?: string } } } | null }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', url)
      if (token.value) xhr.setRequestHeader('Authorization', token.value)
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
      xhr.onload = () => {
        let body = null
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null
        } catch {
          body = null
        }
        resolve({ status: xhr.status, body })
      }
      xhr.onerror = () => reject(Object.assign(new Error('Network error'), { statusCode: 0, data: null }))
      xhr.send(form)
    })
  }

  return async function upload<T>(url: string, form: FormData, onProgress: (fraction: number) => void = () => {}): Promise<T> {
    let r = await send<T>(url, form, onProgress)
    const reason = (r.body as { error?: { params?: { reason?: string } } } | null)?.error?.params?.reason
    if (r.status === 401 && reason === 'token_expired' && (await refresh())) r = await send<T>(url, form, onProgress)
    if (r.status >= 200 && r.status < 300) return r.body as T
    const message = (r.body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${r.status}`
    throw Object.assign(new Error(message), { statusCode: r.status, data: r.body }) as TUploadError
  }
}
