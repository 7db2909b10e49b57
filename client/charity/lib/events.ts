/** Fired (with the wish id) when a reviewer has approved or returned a wish: the queue reloads. */
export const WISH_REVIEWED = 'charity:wish-reviewed';
