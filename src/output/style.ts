/** The two styles output uses, as SGR sequences; applied only when colour is on (src/output/mode.ts). */
export const bold = (text: string): string => `\u001b[1m${text}\u001b[22m`
export const dim = (text: string): string => `\u001b[2m${text}\u001b[22m`
