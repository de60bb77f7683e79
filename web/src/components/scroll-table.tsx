import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways when it is wider than the screen (390 px phones). The scroll
 * box takes keyboard focus so it can be scrolled without a mouse; a focusable box is announced,
 * so it is a named region: `label` says which table it holds.
 */
export function ScrollTable(props: {
  label: string;
  children: ReactNode;
  id?: string;
  hidden?: boolean;
}) {
  return (
    <div
      className="table-scroll"
      role="region"
      aria-label={props.label}
      tabIndex={0}
      id={props.id}
      hidden={props.hidden}
    >
      {props.children}
    </div>
  );
}
