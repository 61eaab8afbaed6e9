import type { TWorkspaceView } from '#shared/workspace'

/**
 * My workspaces (personal + companies) for the header switcher and the workspace
 * pages, and the current one: its id is kept in a cookie and sent by useApi() as
 * `x-workspace-id`, so every workspace-scoped call is scoped by it.
 */
export function useWorkspaces() {
  const api = useApi()
  const current = useWorkspaceCookie()
  const list = useState<TWorkspaceView[] | null>('my-workspaces', () => null)
  const loading = useState('my-workspaces-loading', () => false)

  async function load(): Promise<TWorkspaceView[]> {
    loading.value = true
    try {
      list.value = (await api('/api/workspace', { noWorkspace: true })).items
      // A workspace I left (or never had) must not stay current: fall back to the personal one.
      if (current.value && !list.value.some((w) => w.id === current.value)) current.value = null
      return list.value
    } finally {
      loading.value = false
    }
  }

  const currentWorkspace = computed(
    () => list.value?.find((w) => w.id === current.value) ?? list.value?.find((w) => w.kind === 'personal') ?? null,
  )

  async function switchTo(id: string) {
    current.value = id
    await refreshNuxtData()
  }

  function reset() {
    list.value = null
    current.value = null
  }

  return { list, loading, current, currentWorkspace, load, switchTo, reset }
}
