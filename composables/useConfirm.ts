import FormConfirmDialog from '~/components/form/ConfirmDialog.vue'

/**
 * Asks before a destructive action (revoke, remove, delete, block) in a modal of the
 * site's look and language, instead of the browser's confirm(). Resolves true only when
 * the person presses the action's button; Escape, a click outside or Cancel mean no.
 */
export function useConfirm() {
  const overlay = useOverlay()
  return async (opts: { title: string; description?: string; confirmLabel: string }): Promise<boolean> => {
    const dialog = overlay.create(FormConfirmDialog, { destroyOnClose: true })
    return (await dialog.open(opts).result) === true
  }
}

/** A short note for a result the page does not show by itself (signed out, token revoked). */
export function useNotice() {
  const toast = useToast()
  return (title: string, color: 'success' | 'neutral' = 'success') => toast.add({ title, color, icon: 'i-lucide-circle-check' })
}
