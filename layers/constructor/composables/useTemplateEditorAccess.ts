/** Whether the signed-in person may write templates (lawyers and admins; the API checks again). */
export function useTemplateEditorAccess() {
  const { data } = useAuth()
  return computed(() => {
    const roles = (data.value?.roles ?? []) as string[]
    return roles.includes('lawyer') || roles.includes('admin')
  })
}
