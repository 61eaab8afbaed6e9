import type { Form } from '@nuxt/ui'

/**
 * The submit half of a form: loading state, the API's field errors placed on their
 * fields (UForm.setErrors) and its general message for the alert above the button.
 */
export function useApiForm<S extends object>() {
  const form = useTemplateRef<Form<S>>('form')
  const pending = ref(false)
  const error = ref('')
  const { fromApi } = useFormErrors()

  async function submit<R>(action: () => Promise<R>): Promise<R | undefined> {
    pending.value = true
    error.value = ''
    try {
      return await action()
    } catch (e) {
      const { fields, message } = fromApi(e)
      if (fields.length) form.value?.setErrors(fields.filter((f) => f.name) as never)
      // A general sentence only when no field explains it (or the field is not on this form).
      const shown = fields.length > 0 && fields.every((f) => formHasField(f.name))
      error.value = shown ? '' : message
      return undefined
    } finally {
      pending.value = false
    }
  }

  function formHasField(name: string): boolean {
    const el = import.meta.client ? document.querySelector(`[name="${CSS.escape(name)}"]`) : null
    return Boolean(el)
  }

  /** After a successful submit the fields are emptied: their old errors must not linger. */
  function clearErrors() {
    nextTick(() => form.value?.clear())
  }

  return { form, pending, error, submit, clearErrors }
}
