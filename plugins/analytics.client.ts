import { isGtmId, isMetricaId } from '~/utils/analytics-ids'

type TWindowWithTrackers = Window & {
  dataLayer?: unknown[]
  ym?: ((...args: unknown[]) => void) & { a?: unknown[]; l?: number }
}

function addScript(src: string) {
  const s = document.createElement('script')
  s.async = true
  s.src = src
  document.head.appendChild(s)
}

// Google Tag Manager and Yandex Metrica are off unless their ids are configured
// (NUXT_PUBLIC_GTM_ID, NUXT_PUBLIC_YANDEX_METRICA_ID): nothing is loaded or sent otherwise.
export default defineNuxtPlugin(() => {
  const { gtmId, yandexMetricaId } = useRuntimeConfig().public
  const w = window as TWindowWithTrackers
  const router = useRouter()

  if (typeof gtmId === 'string' && isGtmId(gtmId)) {
    w.dataLayer = w.dataLayer ?? []
    w.dataLayer.push({ 'gtm.start': Date.now(), event: 'gtm.js' })
    addScript(`https://www.googletagmanager.com/gtm.js?id=${gtmId}`)
    router.afterEach((to) => w.dataLayer?.push({ event: 'page_view', page_path: to.fullPath }))
  }

  const ymId = String(yandexMetricaId ?? '')
  if (isMetricaId(ymId)) {
    // Metrica's documented queue stub: calls made before tag.js loads are replayed by it.
    const ym = Object.assign((...args: unknown[]) => (ym.a = ym.a ?? []).push(args), { l: Date.now() }) as NonNullable<
      TWindowWithTrackers['ym']
    >
    w.ym = w.ym ?? ym
    addScript('https://mc.yandex.ru/metrika/tag.js')
    w.ym(Number(ymId), 'init', { clickmap: true, trackLinks: true, accurateTrackBounce: true, defer: true })
    w.ym(Number(ymId), 'hit', location.href)
    router.afterEach((to) => w.ym?.(Number(ymId), 'hit', to.fullPath))
  }
})
