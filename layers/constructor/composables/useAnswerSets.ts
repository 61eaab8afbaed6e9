import type { TAnswerSetKind, TAnswerSetView } from '#shared/document'

/**
 * The person's saved details (person, company, bank details, address) and those of the
 * current workspace, loaded once per page and shared by every question that offers them.
 */
export function useAnswerSets() {
  const api = useApi()
  const workspaceId = useWorkspaceCookie()
  const errorMessage = useApiErrorMessage()
  const mine = useState<TAnswerSetView[]>('constructor-sets-mine', () => [])
  const workspace = useState<TAnswerSetView[]>('constructor-sets-workspace', () => [])
  const loaded = useState<boolean>('constructor-sets-loaded', () => false)
  const error = useState<string>('constructor-sets-error', () => '')

  async function load(force = false) {
    if (loaded.value && !force) return
    loaded.value = true
    error.value = ''
    try {
      mine.value = await api('/api/document/answer-sets')
    } catch (e) {
      error.value = errorMessage(e)
    }
    const ws = workspaceId.value
    if (!ws) return
    try {
      workspace.value = await api(`/api/document/workspaces/${ws}/answer-sets`, { noWorkspace: true })
    } catch (e) {
      // A workspace the person has left answers 404: it simply has nothing to offer.
      if ((e as { statusCode?: number }).statusCode !== 404) error.value = errorMessage(e)
      workspace.value = []
    }
  }

  const ofKind = (kind: TAnswerSetKind) => ({ mine: mine.value.filter((s) => s.kind === kind), workspace: workspace.value.filter((s) => s.kind === kind) })

  async function create(kind: TAnswerSetKind, label: string, data: Record<string, unknown>) {
    const created = await api('/api/document/answer-sets', { method: 'POST', body: { kind, label, data } })
    mine.value = [created, ...mine.value]
    return created
  }

  return { mine, workspace, error, load, ofKind, create }
}
