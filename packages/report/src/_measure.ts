/** How a size limit counts a string. Both are additive: the size of a + b is size(a) + size(b). */
export type Measure = (text: string) => number

/**
 * UTF-16 code units. GitHub's "characters" are at most this many (a character outside the BMP is
 * one character but two code units), so staying under a limit in code units stays under GitHub's.
 */
export const utf16Length: Measure = (text) => text.length

/** UTF-8 bytes, counted without encoding; a lone surrogate counts as the 3 bytes of U+FFFD. */
export const utf8Length: Measure = (text) => {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

// --- internal ---

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
