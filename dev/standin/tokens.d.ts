/**
 * Types for the stand-in's tokens and users (dev/standin/tokens.js).
 */
export declare const USERS: {
  demo: { id: number; username: string };
  other: { id: number; username: string };
};
export declare const TOKENS: {
  write: string;
  readonly: string;
  other: string;
  writeonly: string;
};
/** What each built-in token is: its user and its scopes. */
export declare const TOKEN_INFO: {
  [token: string]: { user: { id: number; username: string }; scopes: string[] };
};
/** Every scope a token can have. */
export declare const SCOPES: string[];
