import type { Form, FormError } from '@nuxt/ui'
import type { z } from 'zod'

type TServerError = { name: string; message: string; value: string }

/**
 * The submit half of a form, shared by every form of the site:
 * - the API's field errors stay at their field (aria-invalid) until that field's value
 *   changes: they are part of `validate`, so no later per-field validation (Nuxt UI
 *   re-validates a field 300 ms after its last keystroke) can wipe them; an error that
 *   names no field of this form goes to `error`, the form's alert;
 * - `success` and `error` belong to the last submission: both are cleared when a new one starts;
 * - fields are checked on submit and while typing, never on blur, so an error line never
 *   vanishes between pressing and releasing the button (the click would land elsewhere);
 * - an empty field is not reported before the first submit, nor after `reset()`;
 * - `submitProps` keep the button disabled until the page has hydrated (a click before
 *   that would do nothing).
 * Use: `useApiForm(() => schema)`, `<UForm ref="form" v-bind="formProps" :state="state" @submit="onSubmit">` and
 * `<UButton type="submit" v-bind="submitProps">`.
 */
export function useApiForm<S extends object>(
  schema?: () => z.ZodType | (() => z.ZodType),
  opts: {
    /** The template ref of the UForm, when a component has more than one form. */
    ref?: string
    /** What the schema checks, when the form sends only part of its state. */
    input?: (state: unknown) => unknown
    /** A one-field form (a code): an answer that names no field is shown under this one. */
    soleField?: string
    /** Instead of a schema: a plain check by issue code, for a page that must not load zod (sign-in). */
    check?: (state: S) => { name: string; code: string }[]
  } = {},
) {
  const form = useTemplateRef<Form<S>>(opts.ref ?? 'form')
  const pending = ref(false)
  const error = ref('')
  const success = ref('')
  const hydrated = ref(false)
  onMounted(() => (hydrated.value = true))
  const { fromApi, validateWith, checkWith } = useFormErrors()
  // Read when validating: the schema may be declared after this call, or depend on the form's state (a tab).
  const checkClient = schema
    ? validateWith(() => {
        const s = schema()
        return typeof s === 'function' ? s() : s
      })
    : opts.check
      ? checkWith(opts.check)
      : () => []
  const serverErrors = shallowRef<TServerError[]>([])
  /** A submit was tried since the form was opened or reset: empty required fields may now be reported. */
  const attempted = ref(false)
  let lastState: unknown

  function validate(state: unknown): FormError[] {
    lastState = state
    const client = checkClient(opts.input ? opts.input(state) : state).filter((e) => attempted.value || formValueAt(state, e.name) !== '')
    const server = serverErrors.value.filter((e) => formValueAt(state, e.name) === e.value && !client.some((c) => c.name === e.name))
    return [...client, ...server.map(({ name, message }) => ({ name, message }))]
  }

  function formHasField(name: string): boolean {
    if (!import.meta.client) return false
    const root = (form.value as { $el?: unknown } | null)?.$el
    const scope = root instanceof Element ? root : document
    return Boolean(scope.querySelector(`[name="${CSS.escape(name)}"]`))
  }

  async function submit<R>(action: () => Promise<R>): Promise<R | undefined> {
    pending.value = true
    error.value = ''
    success.value = ''
    serverErrors.value = []
    try {
      return await action()
    } catch (e) {
      const answer = fromApi(e)
      const { message } = answer
      const fields = answer.fields.length === 0 && opts.soleField ? [{ name: opts.soleField, message }] : answer.fields
      const here = fields.filter((f) => f.name && formHasField(f.name))
      serverErrors.value = here.map((f) => ({ ...f, value: formValueAt(lastState, f.name) }))
      if (here.length) form.value?.setErrors(validate(lastState))
      // The general sentence too when some field of the answer is not on this form.
      error.value = fields.length > 0 && here.length === fields.length ? '' : message
      return undefined
    } finally {
      pending.value = false
    }
  }

  /** After a successful submit the fields are emptied: no old or new error may show on them. */
  function reset() {
    attempted.value = false
    serverErrors.value = []
    nextTick(() => form.value?.clear())
  }

  let recheck: ReturnType<typeof setTimeout> | undefined
  onBeforeUnmount(() => clearTimeout(recheck))

  function forgetLastAnswer() {
    success.value = ''
    error.value = ''
  }

  const formProps = {
    validate,
    validateOn: ['input'] as ('input' | 'change' | 'blur')[],
    // A new try: the last one's "sent" or error no longer describes the form. Capture runs
    // before UForm's own submit handler, which validates at once.
    onSubmitCapture: () => {
      attempted.value = true
      forgetLastAnswer()
    },
    // The form's own checks speak the site's language at the field; the browser's (type="email",
    // required) would stop the try first with a bubble in the browser's language and no message
    // of ours (a phone in English showed "Please include an '@'" on the Russian invite form).
    novalidate: true,
    // After a refused try, a field is checked again while it is corrected (Nuxt UI on its
    // own waits for the field to have been left once, and leaving no longer checks).
    onInputCapture: (e: Event) => {
      const name = (e.target as HTMLInputElement | null)?.name
      if (!attempted.value || !name) return
      clearTimeout(recheck)
      recheck = setTimeout(() => void form.value?.validate({ name: name as never, silent: true, nested: false }), 300)
    },
  }
  const submitProps = computed(() => ({ loading: pending.value, disabled: !hydrated.value }))

  return { form, pending, error, success, submit, reset, clearErrors: reset, formProps, submitProps, hydrated }
}
