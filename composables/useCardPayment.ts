/**
 * Starts a card payment for an order: the server asks Epay (or the sandbox) and answers
 * either a page to go to (the sandbox payment page) or Epay's script and payment object,
 * which opens Epay's own payment page. The browser comes back to `backPath` either way.
 */
export function useCardPayment() {
  const api = useApi()
  const { t, locale } = useI18n()

  async function openEpayPage(scriptUrl: string, paymentObject: Record<string, unknown>) {
    const w = window as unknown as { halyk?: { pay: (o: Record<string, unknown>) => void } }
    if (!w.halyk) {
      await new Promise<void>((resolve, reject) => {
        const s = document.createElement('script')
        s.src = scriptUrl
        s.onload = () => resolve()
        s.onerror = () => reject(new Error(t('errors.billing.provider_unavailable')))
        document.head.appendChild(s)
      })
    }
    w.halyk!.pay(paymentObject)
  }

  async function payByCard(orderId: string, backPath: string): Promise<void> {
    const start = await api(`/api/billing/payment/epay/${orderId}` as `/api/billing/payment/epay/${string}`, {
      method: 'POST',
      body: { backPath, failurePath: backPath, language: locale.value as 'ru' | 'kk' | 'en' },
    })
    if (start.redirectUrl) {
      await navigateTo(start.redirectUrl)
      return
    }
    await openEpayPage(start.scriptUrl!, start.paymentObject!)
  }

  return { payByCard }
}
