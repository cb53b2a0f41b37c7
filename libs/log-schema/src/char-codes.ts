// The character codes the hand-written scanners compare `charCodeAt` with. A scanner destructures
// the ones it needs into module-level constants (`const { SPACE, DASH } = CHAR;`): CommonJS builds
// (tsx, ts-jest) read an imported binding through a getter on every use.
export const CHAR = {
  TAB: 9,
  LF: 10,
  CR: 13,
  SPACE: 32,
  QUOTE: 34,
  COMMA: 44,
  DASH: 45,
  ZERO: 48,
  COLON: 58,
  LBRACKET: 91,
  BACKSLASH: 92,
  RBRACKET: 93,
  LBRACE: 123,
  RBRACE: 125,
} as const;
