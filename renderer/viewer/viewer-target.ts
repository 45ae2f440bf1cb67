/** The photo the viewer shows, and how to reach its neighbours in the list it was opened from (←/→). */
export interface ViewerTarget {
  id: number;
  neighbour(delta: number): ViewerTarget | undefined;
}

/** A target over any positional list: the grid's pages, search hits, a duplicate group. */
export function viewerTarget(idAt: (position: number) => number | undefined, position: number): ViewerTarget | undefined {
  const id = idAt(position);
  return id === undefined ? undefined : { id, neighbour: (delta) => viewerTarget(idAt, position + delta) };
}
