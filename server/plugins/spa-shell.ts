import { defineNitroPlugin, getRouteRules, useAppConfig } from 'nitropack/runtime'
import { localeOfPath } from '../../shared/locales'

// A page rendered in the browser (route rules ssr: false) is first an empty shell, and
// app.vue's useHead gives it its language and title only once the scripts have run: a
// screen reader, a slow phone or the browser's tab strip saw a page with neither until
// then. The shell carries both from the first byte; the app replaces the title with the
// page's own.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    if (getRouteRules(event).ssr !== false) return
    if (!html.htmlAttrs.some((a) => /\blang=/.test(a))) html.htmlAttrs.push(`lang="${localeOfPath(event.path)}"`)
    if (!html.head.some((h) => h.includes('<title'))) {
      const brand = (useAppConfig(event).region as { brand?: string } | undefined)?.brand ?? 'Dogovor24'
      html.head.unshift(`<title>${brand.replace(/[<&]/g, '')}</title>`)
    }
  })
})
