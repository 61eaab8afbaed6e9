/**
 * What a person typed before the page's script took over stays typed. The server-rendered
 * form is usable at once, but hydration sets every v-model field to its state (vModelText
 * and vModelCheckbox write the element on mount), wiping text entered meanwhile: on a slow
 * phone the first letters of an email vanished, and the e2e sign-in sometimes lost its
 * email the same way. Just before hydration the typed values are noted (a field whose value
 * differs from the server's); once the page has hydrated, each one the mount cleared is put
 * back and announced with the event v-model listens to, so the state follows.
 */
type TTyped = { el: HTMLInputElement | HTMLTextAreaElement; value: string } | { el: HTMLInputElement; checked: boolean }

const TEXT_SKIP = new Set(['checkbox', 'radio', 'file', 'hidden', 'submit', 'button', 'reset', 'image'])

function typedFields(): TTyped[] {
  const out: TTyped[] = []
  for (const el of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.checked !== el.defaultChecked) out.push({ el, checked: el.checked })
    } else if (!(el instanceof HTMLInputElement && TEXT_SKIP.has(el.type)) && el.value !== el.defaultValue) {
      out.push({ el, value: el.value })
    }
  }
  return out
}

export default defineNuxtPlugin({
  name: 'keep-typed-input',
  setup(nuxtApp) {
    if (!nuxtApp.isHydrating) return
    let typed: TTyped[] = []
    nuxtApp.hook('app:beforeMount', () => {
      typed = typedFields()
    })
    nuxtApp.hook('app:suspense:resolve', () => {
      for (const t of typed) {
        if (!t.el.isConnected) continue
        if ('checked' in t) {
          if (t.el.checked === t.checked) continue
          t.el.checked = t.checked
          t.el.dispatchEvent(new Event('change', { bubbles: true }))
        } else if (t.el.value !== t.value && t.el.value === t.el.defaultValue) {
          t.el.value = t.value
          t.el.dispatchEvent(new Event('input', { bubbles: true }))
        }
      }
      typed = []
    })
  },
})
