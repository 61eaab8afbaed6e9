/**
 * The UI kit's button, badge and card looks as plain class strings, for the public
 * pages' static links (header, language switch, home). A server render of one UButton
 * link is half a dozen components (button, link, NuxtLink, RouterLink, primitive) plus
 * a tailwind-variants computation; the public layout had about twenty of them, the
 * largest share of a render's CPU after the framework's own (issue 9, "Speed on the
 * server"). A NuxtLink with these classes looks and navigates the same.
 *
 * The strings are what @nuxt/ui 3.3 renders with this app's theme (app.config.ts; the
 * kit's theme is generated into .nuxt/ui/button.ts, badge.ts, card.ts); after upgrading
 * the kit, compare a UButton's rendered class with buttonClass().
 */
export type TButtonVariant = 'solid' | 'soft' | 'ghost' | 'outline'
export type TButtonSize = 'xs' | 'sm' | 'md' | 'lg' | 'xl'

const BASE =
  'rounded-md font-medium inline-flex items-center disabled:cursor-not-allowed aria-disabled:cursor-not-allowed disabled:opacity-75 aria-disabled:opacity-75 transition-colors'

const SIZE: Record<TButtonSize, string> = {
  xs: 'px-2 py-1 text-xs gap-1',
  sm: 'px-2.5 py-1.5 text-xs gap-1.5',
  md: 'px-2.5 py-1.5 text-sm gap-1.5',
  lg: 'px-3 py-2 text-sm gap-2',
  xl: 'px-3 py-2 text-base gap-2',
}

// Colour per variant: primary for solid and soft, neutral for ghost and outline (the only pairs the public pages use).
const VARIANT: Record<TButtonVariant, string> = {
  solid:
    'text-inverted bg-primary hover:bg-primary/75 active:bg-primary/75 disabled:bg-primary aria-disabled:bg-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary',
  soft: 'text-primary bg-primary/10 hover:bg-primary/15 active:bg-primary/15 focus:outline-none focus-visible:bg-primary/15 disabled:bg-primary/10 aria-disabled:bg-primary/10',
  ghost:
    'text-default hover:bg-elevated active:bg-elevated focus:outline-none focus-visible:bg-elevated hover:disabled:bg-transparent dark:hover:disabled:bg-transparent hover:aria-disabled:bg-transparent dark:hover:aria-disabled:bg-transparent',
  outline:
    'ring ring-inset ring-accented text-default bg-default hover:bg-elevated active:bg-elevated disabled:bg-default aria-disabled:bg-default focus:outline-none focus-visible:ring-2 focus-visible:ring-inverted',
}

/** The class of a UButton of that variant and size (no extra classes: append your own, they must not conflict). */
export function buttonClass(variant: TButtonVariant, size: TButtonSize = 'md'): string {
  return `${BASE} ${SIZE[size]} ${VARIANT[variant]}`
}

/** A square icon-only UButton (ghost, md). */
export const ICON_BUTTON_CLASS = `${BASE} text-sm gap-1.5 ${VARIANT.ghost} p-1.5`

/** The class of the icon inside a button of that size. */
export function buttonIconClass(size: TButtonSize = 'md'): string {
  return `shrink-0 ${size === 'xs' || size === 'sm' ? 'size-4' : size === 'xl' ? 'size-6' : 'size-5'}`
}

/** UBadge, variant subtle, colour primary, size md. */
export const BADGE_CLASS = 'font-medium inline-flex items-center text-xs px-2 py-1 gap-1 rounded-md bg-primary/10 text-primary ring ring-inset ring-primary/25'

/** UCard's root and body. */
export const CARD_CLASS = 'rounded-lg overflow-hidden bg-default ring ring-default divide-y divide-default'
export const CARD_BODY_CLASS = 'p-4 sm:p-6'

/**
 * `i-lucide-scale` → `i-lucide:scale`: the class the UI kit's icon renders, whose CSS the
 * build puts in the stylesheet (scripts/lib/static-icons.ts) for every icon name written
 * in the sources.
 */
export function iconClass(name: string): string {
  return name.replace(/^i-([a-z0-9]+)-/, 'i-$1:')
}
