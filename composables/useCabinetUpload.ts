/**
 * Puts a file in the cabinet the way the server wants it: a ticket (the server checks the
 * type, size and room first), the bytes straight to S3 with a presigned PUT (XMLHttpRequest,
 * for the progress bar: fetch cannot report upload progress), then the confirmation (the
 * server checks size and magic bytes). Fails like $fetch (`statusCode`, `data.error`), so
 * useApiErrorMessage explains any step's refusal. (Not named useFileUpload: Nuxt UI
 * auto-imports a composable of that name, and its would be the one pages got.)
 */
export function useCabinetUpload() {
  const api = useApi()

  function put(url: string, headers: Record<string, string>, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('PUT', url)
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v)
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
      xhr.onload = () =>
        xhr.status >= 200 && xhr.status < 300
          ? resolve()
          : reject(Object.assign(new Error(`Storage answered ${xhr.status}`), { statusCode: 502, data: { error: { messageKey: 'explorer.upload.storageFailed' } } }))
      xhr.onerror = () => reject(Object.assign(new Error('Network error'), { statusCode: 0, data: { error: { messageKey: 'explorer.upload.storageFailed' } } }))
      xhr.send(file)
    })
  }

  return async function uploadFile(target: { workspaceId: string; folderId: string | null }, file: File, onProgress: (fraction: number) => void = () => {}) {
    const ticket = await api('/api/explorer/uploads', {
      method: 'POST',
      body: { workspaceId: target.workspaceId, ...(target.folderId ? { folderId: target.folderId } : {}), name: file.name, size: file.size },
    })
    await put(ticket.upload.url, ticket.upload.headers, file, onProgress)
    return api(`/api/explorer/files/${ticket.file.id}/confirm`, { method: 'POST' })
  }
}
