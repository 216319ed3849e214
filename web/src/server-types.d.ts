// The shared ticket rules the new-ticket form imports reach src/db/schema.ts, which names Node's Buffer as
// a column type. The web app has no Node types (and must not use Buffer); the name alone is enough here.
type Buffer = Uint8Array;
