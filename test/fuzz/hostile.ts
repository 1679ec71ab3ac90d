// Inputs that have broken APIs before: NUL and control bytes, invalid UTF-8 and lone
// surrogates, huge and special numbers, SQL and path fragments, separators alone, long text.
export const HOSTILE_STRINGS: string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\u0001\u001f', '\t\n\r', "'", '"', '\\', "' OR 1=1 --", '%', '%%', '%00', '%E0%A4%A',
  ';', ',', ',,,', '&', '=', '#', '?', '/', '../../etc/passwd', '*', '%_', 'é', 'Ÿ', '💥', '\uFEFF', '\uFFFF',
  '\uD800', '\uDFFF', '-1', '0', '1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '9'.repeat(400),
  '1.7976931348623157e308', '[]', '{}', 'null', 'undefined', 'true', '<script>alert(1)</script>', '${7*7}', '{{7*7}}',
  'a'.repeat(2000), ' cio ', 'CIO', 'cio,', ',cio', 'cio,,ml', '02691,', '2A004', '2a004', '97611'
]

/**
 * Percent-encodes a value for a query string. A lone surrogate cannot be encoded as UTF-8:
 * it is sent as the bytes a careless client would send (an invalid UTF-8 sequence).
 */
export function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return value.split('').map((c) => {
      try {
        return encodeURIComponent(c)
      } catch {
        return '%ED%A0%80'
      }
    }).join('')
  }
}
