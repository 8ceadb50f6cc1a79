import { useId, type ReactNode } from 'react';

export interface TermProps {
  /** The term explained (for tests: data-term). */
  term: string;
  /** One or two plain sentences. */
  explain: string;
  /** What is shown (defaults to the term). */
  children?: ReactNode;
}

/**
 * A term with a short explanation on hover and on keyboard focus (a focusable button whose
 * explanation is a tooltip tied to it by aria-describedby, so screen readers read it too).
 */
export function Term({ term, explain, children }: TermProps) {
  const id = useId();
  return (
    <span className="term">
      <button type="button" className="term-button" data-term={term} aria-describedby={id}>
        {children ?? term}
      </button>
      <span role="tooltip" id={id} className="term-tip">
        {explain}
      </span>
    </span>
  );
}
