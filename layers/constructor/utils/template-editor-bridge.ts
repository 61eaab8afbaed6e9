import type { InjectionKey } from 'vue'
import type { TCondition } from '#shared/questionnaire'

/** What the body's node views ask of the editor around them (labels, the condition dialog). */
export interface TTemplateEditorBridge {
  labelOf(key: string): { label: string; known: boolean }
  describe(c: TCondition | null | undefined): string
  formatLabel(format: string | null | undefined): string
  editClause(current: TCondition | null, apply: (c: TCondition) => void): void
  editRepeat(current: string | null, apply: (group: string) => void): void
}
export const TEMPLATE_EDITOR_BRIDGE: InjectionKey<TTemplateEditorBridge> = Symbol('templateEditorBridge')
