/** The wish editor opens any of my wishes: editable ones as a form, the others read-only. */
export function wishPageUrl(wish: { id: string }): string {
  return `/caseworker/wish-edit/index?wishId=${wish.id}`;
}
