// Product layer: pages under /amicus. It brings no modules of its own: the root app
// configures UI, i18n and Pinia once for every layer.
export default defineNuxtConfig({})
