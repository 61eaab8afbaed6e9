/**
 * The bytes at `url` as base64 (what NCALayer signs). Built in 32 KiB slices:
 * String.fromCharCode over a whole file overflows the call stack.
 */
export async function fetchBase64(url: string, failure: string): Promise<string> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(failure)
  const bytes = new Uint8Array(await res.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}
