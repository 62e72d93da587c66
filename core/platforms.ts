// The platforms we read, as plain constants: content scripts import these without the
// snapshot's schema (and the schema library behind it).

export const PLATFORMS = ['messenger', 'instagram', 'zalo'] as const;

/** What the Zalo adapter reports until it learns the logged-in account. */
export const ZALO_UNKNOWN_ACCOUNT = 'zalo-web';
