import { useCallback, useState } from 'preact/hooks';

/** A stable function that re-renders the component (for subscriptions to stores outside the tree). */
export function useForceUpdate(): () => void {
  const [, set] = useState(0);
  return useCallback(() => set((n) => n + 1), []);
}
