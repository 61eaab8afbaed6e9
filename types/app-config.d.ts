import type { TRegionConfig } from './region'

// The region layers put `region` into appConfig; declare it so useAppConfig() is typed.
declare module 'nuxt/schema' {
  interface AppConfigInput {
    region?: TRegionConfig
  }
  interface AppConfig {
    region: TRegionConfig
  }
}

export {}
