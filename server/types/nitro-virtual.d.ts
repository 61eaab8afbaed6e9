declare module '#nitro-internal-virtual/server-handlers' {
  export const handlers: Array<{ route: string; method?: string; lazy: boolean; middleware: boolean; handler: unknown }>
}
